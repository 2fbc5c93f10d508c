package dev.imlab.labs.lab03;

import dev.imlab.gateway.GatewaySettings;
import dev.imlab.gateway.delivery.Retransmission;
import dev.imlab.labs.LabServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real imlab server, all roles and embedded infrastructure as {@code java -jar} starts it,
 * except that the gateway re-sends unacked pushes with your {@link AckTracker} on your
 * {@link TimerWheel} ({@link TrackedRetransmission}). How to run it: {@link LabServer} and the
 * lab's guide. The server takes a {@link Retransmission} bean when there is one (im-server's
 * {@code ImlabConfiguration}).
 */
public final class Lab03Server {
    private Lab03Server() {
    }

    public static void main(String[] args) {
        LabServer.run("lab03", YourAckTracker.class, args, AckTracker.class, TimerWheel.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class YourAckTracker {

        @Bean(destroyMethod = "close")
        Retransmission retransmission(GatewaySettings gateway) {
            return new TrackedRetransmission(gateway.retransmitFirstDelay(), gateway.retransmitMaxAttempts());
        }
    }
}
