package dev.imlab.labs.lab05;

import dev.imlab.labs.LabServer;
import dev.imlab.push.fanout.Fanout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real imlab server, all roles and embedded infrastructure as {@code java -jar} starts it,
 * except that the push role plans every push with your {@link FanoutPlanner} ({@link PlannedFanout}).
 * How to run it: {@link LabServer} and the lab's guide. The server takes a {@link Fanout} bean when
 * there is one (im-server's {@code ImlabConfiguration}).
 */
public final class Lab05Server {
    private Lab05Server() {
    }

    public static void main(String[] args) {
        LabServer.run("lab05", YourFanoutPlanner.class, args, FanoutPlanner.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class YourFanoutPlanner {

        @Bean
        Fanout fanout() {
            return new PlannedFanout();
        }
    }
}
