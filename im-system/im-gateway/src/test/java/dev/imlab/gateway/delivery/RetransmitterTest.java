package dev.imlab.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.gateway.auth.Principal;
import dev.imlab.gateway.session.FrameWriter;
import dev.imlab.gateway.session.RateLimiter;
import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.FrameCodec;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetransmitterTest {
    private final ManualTimer wheel = new ManualTimer();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Retransmitter retransmitter = new Retransmitter(wheel, Duration.ofSeconds(1), 3, nanos::get);
    private EmbeddedChannel channel;
    private Session session;

    @BeforeEach
    void openSession() {
        channel = new EmbeddedChannel();
        session = new Session(channel, new Principal("bob", "phone"), 0, new RateLimiter(100, 100, 0),
                new FrameWriter(new FrameCodec()));
        session.open();
    }

    private static Message message(long seq) {
        return new Message("si_alice_bob", seq, "alice", "hi " + seq, "c" + seq, 1000 + seq, null);
    }

    private List<String> written() {
        channel.runPendingTasks();
        List<String> frames = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            TextWebSocketFrame frame = (TextWebSocketFrame) o;
            frames.add(frame.text());
            frame.release();
        }
        return frames;
    }

    @Test
    void unackedPush_isResent_withDoublingBackoff_aBoundedNumberOfTimes() throws Exception {
        retransmitter.pushed(session, message(1));

        assertThat(wheel.fireAll()).containsExactly(1000L);
        assertThat(written()).singleElement().asString().contains("\"seq\":1", "\"type\":\"push\"");
        assertThat(wheel.fireAll()).containsExactly(2000L);
        assertThat(written()).hasSize(1);
        assertThat(wheel.fireAll()).containsExactly(4000L);
        assertThat(written()).hasSize(1);
        assertThat(wheel.pending).as("no more attempts after the third").isEmpty();
    }

    @Test
    void cumulativeAck_stopsResendsOfEverythingUpToIt() throws Exception {
        retransmitter.pushed(session, message(1));
        retransmitter.pushed(session, message(2));
        retransmitter.pushed(session, message(3));

        retransmitter.acked(session, "si_alice_bob", 2);
        nanos.addAndGet(1_000_000_000L); // the wheel fires a second later
        wheel.fireAll();

        assertThat(written()).singleElement().asString().contains("\"seq\":3");
    }

    @Test
    void closedConnection_isNotResentTo() throws Exception {
        retransmitter.pushed(session, message(1));
        channel.close();

        wheel.fireAll();

        assertThat(written()).isEmpty();
        assertThat(wheel.pending).isEmpty();
    }

    @Test
    void deviceThatStoppedReading_isNotWrittenTo_untilItReadsAgain() throws Exception {
        retransmitter.pushed(session, message(1));
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // over the high water mark

        wheel.fireAll();
        assertThat(written()).as("nothing piles up for a device that does not read").isEmpty();

        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        wheel.fireAll();
        assertThat(written()).singleElement().asString().contains("\"seq\":1");
    }

    @Test
    void deviceThatIsStillAcking_isNotResentTo_yet() throws Exception {
        retransmitter.pushed(session, message(1));
        retransmitter.pushed(session, message(2));
        retransmitter.acked(session, "si_alice_bob", 1); // alive, working through its backlog

        wheel.fireAll();

        assertThat(written()).as("no re-send while the device acks").isEmpty();
        assertThat(wheel.pending).as("but seq 2 stays tracked").hasSize(1);
    }

    @Test
    void deviceUnwritableBeyondTheGrace_isClosed() {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        assertThat(session.writableOrGivenUp(0)).isFalse();
        assertThat(channel.isOpen()).as("first sighting starts the grace").isTrue();
        assertThat(session.writableOrGivenUp(0)).isFalse();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void firstDelayUnderOneSecond_isRefused() {
        assertThatThrownBy(() -> new Retransmitter(wheel, Duration.ofMillis(500), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
