package dev.imlab.server.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.gateway.GatewayServer;
import dev.imlab.gateway.drain.Drain;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.roles.ImlabRoles;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway told to stop drains first ({@link Drain}): the load balancer's health check sees 503
 * {@code DRAINING}, a new WebSocket upgrade is refused with 503, each device is told to
 * {@code reconnect} after its own delay within the spread and served until it leaves, and a device
 * that ignores the frame (a client older than the extension) keeps working until the timeout closes it
 * with 1001, as a going-away server should.
 */
class GatewayDrainTest {
    private static final long SPREAD_MS = 2_000;
    private static final long TIMEOUT_MS = 8_000;
    private static final int MOVERS = 8;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("imlab.gateway.drain.timeout=" + TIMEOUT_MS + "ms",
                "imlab.gateway.drain.spread=" + SPREAD_MS + "ms");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void drain_stopsNewConnections_spreadsTheReconnects_servesTheDeafUntilTheTimeout_thenClosesThemWith1001()
            throws Exception {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        List<RawSocket> movers = new ArrayList<>();
        for (int i = 0; i < MOVERS; i++) {
            movers.add(server.raw(server.newUser("mover"), "phone"));
        }
        RawSocket deaf = server.raw(alice, "old-app");
        URI lateUpgrade = server.webSocketUri(server.http().token(bob, TestServer.password(), "phone").token());
        GatewayServer gateway = server.bean(ImlabRoles.class).gateway();
        assertThat(health().statusCode()).isEqualTo(200);

        CompletableFuture<Drain.Outcome> drained = CompletableFuture.supplyAsync(gateway::drain);

        Set<Long> delays = new HashSet<>();
        for (RawSocket mover : movers) {
            ServerFrame.Reconnect frame = (ServerFrame.Reconnect) mover.next(f -> f instanceof ServerFrame.Reconnect);
            assertThat(frame.reason()).isEqualTo("draining");
            assertThat(frame.afterMs()).isBetween(0L, SPREAD_MS - 1);
            delays.add(frame.afterMs());
        }
        assertThat(delays).as("each device its own delay, not one instant for all").hasSizeGreaterThan(MOVERS / 2);
        HttpResponse<String> health = health();
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("DRAINING");
        assertThatThrownBy(() -> RawSocket.connect(lateUpgrade)).as("an upgrade while draining")
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(503));

        // The device that ignores the frame is still served: a send gets its send_ack.
        assertThat(deaf.next(f -> f instanceof ServerFrame.Reconnect)).isNotNull();
        deaf.send("{\"type\":\"send\",\"clientMsgId\":\"during-drain\",\"to\":\"" + bob + "\",\"body\":\"still here\"}");
        ServerFrame.SendAck ack = (ServerFrame.SendAck) deaf.next(f -> f instanceof ServerFrame.SendAck);
        assertThat(ack.clientMsgId()).isEqualTo("during-drain");
        movers.forEach(RawSocket::close); // they go, as told

        Drain.Outcome outcome = drained.get(TIMEOUT_MS + 10_000, TimeUnit.MILLISECONDS);
        assertThat(deaf.closeStatus()).as("going away").isEqualTo(1001);
        assertThat(outcome.connections()).isEqualTo(MOVERS + 1);
        assertThat(outcome.closedAtTimeout()).as("only the device that ignored the frame").isEqualTo(1);
        assertThat(outcome.tookMs()).isGreaterThanOrEqualTo(TIMEOUT_MS);
        assertThat(gateway.sessions().size()).isZero();
    }

    private static HttpResponse<String> health() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/api/v1/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
