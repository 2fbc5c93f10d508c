package dev.imlab.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.gateway.GatewayServer;
import dev.imlab.gateway.drain.Drain;
import dev.imlab.server.ImlabServerApplication;
import dev.imlab.server.chaos.TcpProxy;
import dev.imlab.server.infra.Infrastructure;
import dev.imlab.server.roles.ImlabRoles;
import dev.imlab.server.support.TestServer;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chat page follows a draining gateway: two gateways behind a health-checked proxy, two pages
 * chatting through it; one gateway drains, and each page on it shows the {@code reconnect} frame in
 * its frame inspector, leaves by itself within the spread (none is closed at the timeout) and comes
 * back, through the same address, on the other gateway, where the chat goes on.
 */
class DrainBrowserTest {
    private static final long SPREAD_MS = 1_500;

    @Test
    void aDrainingGateway_sendsThePagesElsewhere_afterTheirDelay_andTheInspectorShowsWhy() throws Exception {
        Chromium.requireInstalled();
        String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
        try (TestServer first = TestServer.start("imlab.auth.token-secret=" + secret, "imlab.gateway.drain.timeout=20s",
                "imlab.gateway.drain.spread=" + SPREAD_MS + "ms");
             ConfigurableApplicationContext second = secondGateway(first.infrastructure(), secret);
             Chromium chromium = new Chromium()) {
            GatewayServer one = first.bean(ImlabRoles.class).gateway();
            GatewayServer two = second.getBean(ImlabRoles.class).gateway();
            try (TcpProxy proxy = TcpProxy.healthChecked(List.of(one.port(), two.port()))) {
                awaitBoth(proxy);
                String page = "http://127.0.0.1:" + proxy.port() + "/";
                String alice = first.newUser("alice");
                String bob = first.newUser("bob");
                ChatPage alicePage = new ChatPage(chromium.open(page)).login(alice, "web-a");
                ChatPage bobPage = new ChatPage(chromium.open(page)).login(bob, "web-b");
                alicePage.openChat(bob);
                alicePage.send("before the drain");
                bobPage.awaitMessage("before the drain", 1, "delivered");
                GatewayServer drained = one.sessions().size() >= two.sessions().size() ? one : two;
                GatewayServer other = drained == one ? two : one;
                int moving = drained.sessions().size();

                Drain.Outcome outcome = CompletableFuture.supplyAsync(drained::drain).get(40, TimeUnit.SECONDS);

                assertThat(outcome.connections()).isEqualTo(moving).isPositive();
                assertThat(outcome.closedAtTimeout()).as("pages that had to be closed at the timeout").isZero();
                alicePage.awaitConnection("online");
                bobPage.awaitConnection("online");
                assertThat(other.sessions().size()).isEqualTo(2);
                long told = List.of(alicePage, bobPage).stream()
                        .filter(p -> p.frames("in", "reconnect").stream().anyMatch(f -> "draining".equals(f.get("reason"))
                                && ((Number) f.get("afterMs")).longValue() < SPREAD_MS))
                        .count();
                assertThat(told).as("pages whose inspector shows the reconnect frame").isEqualTo(moving);
                alicePage.send("after the drain");
                bobPage.awaitMessage("after the drain", 2, "delivered");
                alicePage.screenshot("drain-alice");
            }
        }
    }

    /** A gateway-only process on the first one's infrastructure, with the same token secret. */
    private static ConfigurableApplicationContext secondGateway(Infrastructure infra, String secret) throws Exception {
        return new SpringApplicationBuilder(ImlabServerApplication.class)
                .properties("imlab.roles=gateway", "imlab.gateway.port=0", "imlab.gateway.id=gw-drain-second",
                        "imlab.data-dir=" + Files.createTempDirectory("imlab-second"),
                        "imlab.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                        "imlab.redis.uri=" + infra.redisUri(), "imlab.mongodb.uri=" + infra.mongoUri(),
                        "imlab.auth.token-secret=" + secret, "imlab.auth.bcrypt-cost=4", "imlab.limits.enabled=false",
                        "imlab.gateway.drain.timeout=20s", "imlab.gateway.drain.spread=" + SPREAD_MS + "ms")
                .run();
    }

    private static void awaitBoth(TcpProxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (proxy.backendsUp() < 2) {
            assertThat(System.nanoTime()).as("both gateways healthy behind the proxy").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
