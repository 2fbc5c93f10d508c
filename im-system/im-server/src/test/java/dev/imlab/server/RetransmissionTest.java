package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md rule 4, on the wire: an unacked push comes again, no sooner than 1 s; an acked one does not. */
class RetransmissionTest {
    private final TestServer server = TestServer.shared();

    @Test
    void unackedPush_isResentNoSoonerThanOneSecond_andAckStopsIt() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        try (RawSocket bobSocket = server.raw(bob, "phone"); RawSocket aliceSocket = server.raw(alice, "phone")) {
            aliceSocket.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"hi\"}");

            ServerFrame.Push first = (ServerFrame.Push) bobSocket.next(f -> f instanceof ServerFrame.Push);
            long firstAt = System.nanoTime();
            ServerFrame.Push again = (ServerFrame.Push) bobSocket.next(f -> f instanceof ServerFrame.Push);
            long gapMs = (System.nanoTime() - firstAt) / 1_000_000;

            assertThat(again.message()).isEqualTo(first.message());
            assertThat(gapMs).isGreaterThanOrEqualTo(900); // the wheel ticks every 100 ms
            String conversation = ConversationId.single(alice, bob).value();
            bobSocket.send("{\"type\":\"ack\",\"conversationId\":\"" + conversation + "\",\"seq\":1}");
            bobSocket.send("{\"type\":\"ping\"}");
            assertThat(bobSocket.next()).isInstanceOf(ServerFrame.Pong.class);
            // The next re-send would come 2 s after the first one; after the ack, only our ping's pong arrives.
            bobSocket.send("{\"type\":\"ping\"}");
            long waitUntil = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < waitUntil) {
                bobSocket.send("{\"type\":\"ping\"}");
                assertThat(bobSocket.next()).isInstanceOf(ServerFrame.Pong.class);
                sleep(200);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
