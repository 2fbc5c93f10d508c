package dev.imlab.server;

import dev.imlab.server.config.ImlabProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * imlab's server: one process that runs any set of roles ({@code imlab.roles}), by default all of
 * them with embedded Kafka, Redis and MongoDB stand-in, so that one command starts a whole
 * system on a laptop.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(ImlabProperties.class)
public class ImlabServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ImlabServerApplication.class, args);
    }
}
