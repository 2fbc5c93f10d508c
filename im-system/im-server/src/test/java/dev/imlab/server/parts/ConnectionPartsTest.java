package dev.imlab.server.parts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.gateway.delivery.PushWriting;
import dev.imlab.gateway.session.HeartbeatWheel;
import dev.imlab.gateway.session.IdleWatch;
import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

/**
 * An {@link IdleWatch} bean closes the gateway's silent connections, and a {@link PushWriting}
 * bean writes its pushes (lab06's seams). The idle watch is the gateway's own wheel with an idle
 * timeout of 2 s where the server's setting says 60 s; the push writing is the gateway's own.
 */
class ConnectionPartsTest {
    private static final Queue<String> WATCHED = new ConcurrentLinkedQueue<>();
    private static final Queue<String> WRITTEN = new ConcurrentLinkedQueue<>();
    @AutoClose
    private static TestServer server;

    /** Not a {@code @Configuration}: the server scans {@code dev.imlab.server}, and these beans are for this test's server only. */
    static class SubstituteBeans {
        /** The gateway closes it, as it closes its own: no destroy method here. */
        @Bean(destroyMethod = "")
        IdleWatch watching() {
            HeartbeatWheel own = new HeartbeatWheel(Duration.ofSeconds(2));
            return new IdleWatch() {
                @Override
                public void watch(Session session) {
                    WATCHED.add(session.userId());
                    own.watch(session);
                }

                @Override
                public void close() {
                    own.close();
                }
            };
        }

        @Bean
        PushWriting writing() {
            return (session, push) -> {
                WRITTEN.add(session.userId() + " " + push.message().conversationId() + "#" + push.message().seq());
                return PushWriting.SLOW_READER_GRACE.write(session, push);
            };
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startWith(SubstituteBeans.class, "imlab.gateway.idle-timeout=60s");
    }

    @Test
    void aSilentConnection_isClosedByTheIdleWatchBean_notAfterTheServersSixtySeconds() {
        String carol = server.newUser("carol");
        try (RawSocket carolPhone = server.raw(carol, "phone")) {
            // The wheel closes the channel without a close frame, which the JDK's client reports as
            // a close (1000). closeStatus() fails unless that comes within 10 s: the server's own
            // watch would wait 60.
            assertThat(carolPhone.closeStatus()).isEqualTo(1000);
            assertThat(WATCHED).contains(carol);
        }
    }

    @Test
    void thePushABobDeviceGets_wasWrittenByThePushWritingBean() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        try (RawSocket bobPhone = server.raw(bob, "phone"); RawSocket alicePhone = server.raw(alice, "phone")) {
            alicePhone.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"hi\"}");

            Message pushed = ((ServerFrame.Push) bobPhone.next(f -> f instanceof ServerFrame.Push)).message();

            assertThat(WRITTEN).contains(bob + " " + pushed.conversationId() + "#" + pushed.seq());
        }
    }
}
