package dev.imlab.labs.lab11;

import dev.imlab.gateway.limits.KeyedLimiter;
import dev.imlab.gateway.limits.LoginLockouts;
import dev.imlab.labs.LabServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real imlab server, all roles and embedded infrastructure as {@code java -jar} starts it,
 * except that the gateway's limits per address and per user run on your {@link KeyedBuckets}
 * (HTTP calls, handshakes, logins and registrations per address, failed logins per user) and its
 * login lockouts on your {@link LoginLockout}, configured from {@code imlab.limits.*} as the
 * gateway's own are. How to run it: {@link LabServer} and the lab's guide. The server takes a
 * {@link KeyedLimiter.Factory} and a {@link LoginLockouts.Factory} bean when there are
 * (im-server's {@code ImlabConfiguration}).
 */
public final class Lab11Server {
    private Lab11Server() {
    }

    public static void main(String[] args) {
        LabServer.run("lab11", YourLimits.class, args, KeyedBuckets.class, LoginLockout.class, TokenBucket.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class YourLimits {

        /** One table per limit, each with the rate of its {@code imlab.limits.*} key ({@code 60/1m}: 60 tokens per minute). */
        @Bean
        KeyedLimiter.Factory keyedLimiters() {
            return (rate, maxKeys, nanos) -> new KeyedBuckets(rate.burst(), rate.period(), maxKeys, nanos);
        }

        /** From {@code imlab.limits.login-failures-before-lockout} and {@code imlab.limits.login-lockouts}. */
        @Bean
        LoginLockouts.Factory loginLockouts() {
            return LoginLockout::new;
        }
    }
}
