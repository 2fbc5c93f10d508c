package dev.imlab.server.parts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.gateway.delivery.Retransmission;
import dev.imlab.gateway.delivery.Retransmitter;
import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

/**
 * A {@link Retransmission} bean re-sends the gateway's unacked pushes (lab03's seam): the
 * substitute is the gateway's own {@link Retransmitter} on a wheel of its own, with a first delay of
 * 2 s where the server's setting says 1 s, recording what it is told.
 */
class RetransmissionPartTest {
    private static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();
    private static final HashedWheelTimer WHEEL = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private static TestServer server;

    /** Not a {@code @Configuration}: the server scans {@code dev.imlab.server}, and these beans are for this test's server only. */
    static class SubstituteBeans {
        @Bean
        Retransmission recordingRetransmission() {
            return new RecordingRetransmission(new Retransmitter(WHEEL, Duration.ofSeconds(2), 3));
        }
    }

    /** The gateway's own retransmitter, recording what it is told. */
    static final class RecordingRetransmission implements Retransmission {
        private final Retransmitter own;

        RecordingRetransmission(Retransmitter own) {
            this.own = own;
        }

        @Override
        public void pushed(Session session, Message message) {
            EVENTS.add("pushed " + session.userId() + " " + message.conversationId() + "#" + message.seq());
            own.pushed(session, message);
        }

        @Override
        public void acked(Session session, String conversationId, long seq) {
            EVENTS.add("acked " + session.userId() + " " + conversationId + "#" + seq);
            own.acked(session, conversationId, seq);
        }

        @Override
        public long waiting() {
            return own.waiting();
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startWith(SubstituteBeans.class, "imlab.gateway.retransmit-first-delay=1s");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        WHEEL.stop();
    }

    @Test
    void anUnackedPush_isResentByTheBean_afterItsOwnDelay_andTheAckReachesIt() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        try (RawSocket bobPhone = server.raw(bob, "phone"); RawSocket alicePhone = server.raw(alice, "phone")) {
            alicePhone.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"hi\"}");

            Message first = ((ServerFrame.Push) bobPhone.next(f -> f instanceof ServerFrame.Push)).message();
            long firstAt = System.nanoTime();
            Message again = ((ServerFrame.Push) bobPhone.next(f -> f instanceof ServerFrame.Push)).message();
            long gapMs = (System.nanoTime() - firstAt) / 1_000_000;
            String pushed = first.conversationId() + "#" + first.seq();
            bobPhone.send("{\"type\":\"ack\",\"conversationId\":\"" + first.conversationId() + "\",\"seq\":" + first.seq() + "}");
            bobPhone.send("{\"type\":\"ping\"}");
            bobPhone.next(f -> f instanceof ServerFrame.Pong); // the ack was read before the ping

            assertThat(again).isEqualTo(first);
            assertThat(gapMs).as("the bean's first delay is 2 s, the server's setting 1 s").isGreaterThanOrEqualTo(1_900);
            assertThat(EVENTS).contains("pushed " + bob + " " + pushed, "acked " + bob + " " + pushed);
        }
    }
}
