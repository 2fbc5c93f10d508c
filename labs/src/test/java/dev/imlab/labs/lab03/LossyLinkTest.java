package dev.imlab.labs.lab03;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * alice sends 200 messages to a server over a link that loses 10% of the frames, doubles 10%, and
 * delays each by 1 to 20 ticks, so frames overtake each other; the acks come back over a link just
 * as bad. Her tracker re-sends what is not acked; the server dedupes. Seeded: a failure repeats.
 */
@Tag("lab03")
class LossyLinkTest {
    private static final int MESSAGES = 200;
    /** Longer than a round trip (2 x 20 ticks), so that most re-sends replace a frame that was really lost. */
    private static final int FIRST_DELAY = 50;
    private static final int MAX_RESENDS = 8;

    /** One run: the client, the two links, the server, all moved by one loop of ticks. */
    private static final class Run {
        final TimerWheel wheel = new TimerWheel(64);
        final Map<String, Set<Long>> seqsAcked = new HashMap<>();
        final List<Send> gaveUp = new ArrayList<>();
        final AckTracker tracker;
        final LossyLink<Send> up;
        final LossyLink<SendAck> down;

        Run(long seed, Function<Send, SendAck> server) {
            Random random = new Random(seed);
            down = new LossyLink<>(random, 0.1, 0.1, 20, ack -> {
                seqsAcked.computeIfAbsent(ack.clientMsgId(), id -> new HashSet<>()).add(ack.seq());
                tracker().acked(ack.clientMsgId());
            });
            up = new LossyLink<>(random, 0.1, 0.1, 20, send -> down.send(server.apply(send)));
            tracker = new AckTracker(wheel, FIRST_DELAY, MAX_RESENDS, up::send, gaveUp::add);
        }

        AckTracker tracker() {
            return tracker;
        }

        void sendAllAndWait() {
            for (int i = 0; i < MESSAGES; i++) {
                Send send = new Send("alice", "m" + i, "hello " + i);
                up.send(send);
                tracker.sent(send);
                tick();
            }
            for (int t = 0; t < 100_000 && (tracker.pending() > 0 || !up.idle() || !down.idle()); t++) {
                tick();
            }
        }

        private void tick() {
            up.tick();
            down.tick();
            wheel.tick();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void withResendsAndDedupe_everyMessageIsStoredOnce_andAckedWithOneSeq(long seed) {
        IdempotentReceiver server = new IdempotentReceiver();
        Run run = new Run(seed, server::receive);

        run.sendAllAndWait();

        assertThat(run.gaveUp).as("sends the tracker gave up on").isEmpty();
        assertThat(run.tracker.pending()).as("sends still waiting for an ack").isZero();
        assertThat(server.stored()).extracting(Send::clientMsgId).as("stored clientMsgIds")
                .hasSize(MESSAGES).doesNotHaveDuplicates();
        assertThat(run.seqsAcked).as("acks received").hasSize(MESSAGES)
                .allSatisfy((id, seqs) -> assertThat(seqs).as("seqs acked for %s", id).hasSize(1));
        assertThat(run.seqsAcked.values().stream().flatMap(Set::stream).sorted().collect(Collectors.toList()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().collect(Collectors.toList()));
    }

    /** The wrong way: a server that stores whatever arrives. Re-sends and duplicated frames become duplicate messages. */
    @Test
    void withResendsButNoDedupe_messagesAreStoredTwice() {
        List<Send> stored = new ArrayList<>();
        Run run = new Run(1, send -> {
            stored.add(send);
            return new SendAck(send.clientMsgId(), stored.size());
        });

        run.sendAllAndWait();

        assertThat(run.gaveUp).as("sends the tracker gave up on").isEmpty();
        assertThat(stored.stream().map(Send::clientMsgId).distinct()).as("distinct messages stored").hasSize(MESSAGES);
        assertThat(stored).as("messages stored, copies included").hasSizeGreaterThan(MESSAGES);
        assertThat(run.seqsAcked.values()).as("acks that gave a message more than one seq")
                .anySatisfy(seqs -> assertThat(seqs).hasSizeGreaterThan(1));
    }
}
