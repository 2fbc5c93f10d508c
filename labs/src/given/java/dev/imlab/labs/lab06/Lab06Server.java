package dev.imlab.labs.lab06;

import dev.imlab.gateway.GatewaySettings;
import dev.imlab.labs.LabServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real imlab server, all roles and embedded infrastructure as {@code java -jar} starts it,
 * except that the gateway closes idle connections with your {@link HeartbeatWheel}, sets up each
 * connection with your {@link ConnectionInitializer} and {@link Connection}, and writes every push
 * with your {@link PushWriter} ({@link WheelConnections}). How to run it: {@link LabServer} and the
 * lab's guide. The server takes an {@code IdleWatch} and a {@code PushWriting} bean when there are
 * some (im-server's {@code ImlabConfiguration}).
 */
public final class Lab06Server {
    private Lab06Server() {
    }

    public static void main(String[] args) {
        LabServer.run("lab06", YourConnections.class, args, HeartbeatWheel.class, ConnectionInitializer.class,
                Connection.class, PushWriter.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class YourConnections {

        @Bean
        WheelConnections connections(GatewaySettings gateway) {
            return new WheelConnections(gateway.idleTimeout());
        }
    }
}
