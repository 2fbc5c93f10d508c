package dev.imlab.bench.peers.imlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bench.peers.RecordingListener;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** imlab's client side of the peers scenario, frame by frame, in an EmbeddedChannel. */
class ImlabConnectionTest {
    private static final FrameCodec CODEC = new FrameCodec();
    private final RecordingListener chat = new RecordingListener();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ImlabConnection bob = new ImlabConnection(chat);

    private String out() {
        return RecordingListener.textOut(channel);
    }

    private static String push(long seq, String body) {
        return CODEC.encode(new ServerFrame.Push(new Message("si_alice_bob", seq, "alice", body, "1-" + seq, 0L, null)));
    }

    @Test
    void send_usesTheRunAndCounterAsClientMsgId_andItsSendAckAcksTheCounter() {
        bob.start(channel);

        bob.send("alice", 12, "3:12:99:x");

        assertThat(out()).isEqualTo("{\"type\":\"send\",\"clientMsgId\":\"3-12\",\"to\":\"alice\",\"body\":\"3:12:99:x\"}");
        bob.onText(channel, CODEC.encode(new ServerFrame.SendAck("3-12", "si_alice_bob", 5, 0L)));
        bob.onText(channel, CODEC.encode(new ServerFrame.SendAck("3-12", "si_alice_bob", 5, 0L)));
        assertThat(chat.acked).containsExactly(12L);
    }

    @Test
    void unavailable_sendsTheSameFrameAgain_afterTheDelayAsked() {
        bob.start(channel);
        bob.send("alice", 1, "1:1:99:x");
        String first = out();

        bob.onText(channel, CODEC.encode(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "busy", "1-1", 0L)));
        channel.advanceTimeBy(1, java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runPendingTasks();

        assertThat(out()).isEqualTo(first);
        assertThat(chat.acked).isEmpty();
    }

    @Test
    void pushes_reachTheAppOncePerSeq_andAreAckedCumulatively() {
        bob.start(channel);

        bob.onText(channel, push(1, "1:1:99:x"));
        bob.onText(channel, push(2, "1:2:99:x"));
        bob.onText(channel, push(2, "1:2:99:x"));
        bob.onText(channel, push(4, "1:4:99:x"));
        bob.flushAcks();

        assertThat(chat.received).containsExactly("1:1:99:x", "1:2:99:x", "1:4:99:x");
        assertThat(out()).isEqualTo("{\"type\":\"ack\",\"conversationId\":\"si_alice_bob\",\"seq\":2}");
        bob.flushAcks();
        assertThat(out()).isNull();
    }
}
