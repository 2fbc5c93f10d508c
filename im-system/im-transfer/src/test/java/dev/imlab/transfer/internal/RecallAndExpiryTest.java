package dev.imlab.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.Topics;
import dev.imlab.bus.UpstreamRecord;
import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.storage.Storage;
import dev.imlab.storage.expiry.Expiry;
import dev.imlab.storage.message.StoredMessage;
import dev.imlab.testsupport.MutableClock;
import dev.imlab.transfer.expiry.ExpiryReaper;
import dev.imlab.transfer.seq.DurableSeqAllocator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall and expiry in the transfer, against the embedded MongoDB and a clock the test moves:
 * which recalls are stored, which are refused with which code, and what expiry leaves to pull.
 */
class RecallAndExpiryTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(5); // shorter than the TTL, so TOO_LATE is reachable

    @TempDir
    static Path dir;
    private static EmbeddedMongo mongo;
    private static Storage storage;

    private final MutableClock clock = new MutableClock(1_000_000_000L);
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final BatchProcessor transfer = new BatchProcessor(
            new DurableSeqAllocator(storage.conversations(), storage.messages(), storage.dedupe()),
            storage, producer, clock, WINDOW);

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongo.start(dir, 0, false);
        storage = new Storage(mongo.connectionString(), "recall-expiry-test", TTL);
    }

    @AfterAll
    static void stop() {
        storage.close();
        mongo.close();
    }

    private static UpstreamRecord send(String from, String to, String conversation, String clientMsgId) {
        return new UpstreamRecord(from, "phone", "gw-1", clientMsgId, conversation, to, null, "body of " + clientMsgId, 0);
    }

    private static UpstreamRecord recall(String from, String conversation, String clientMsgId, long seq) {
        return UpstreamRecord.recall(from, "phone", "gw-1", clientMsgId, conversation, null, seq, 0);
    }

    /** What gw-1 was told since the last call, in order. */
    private List<GatewayCommand> toGateway() {
        List<GatewayCommand> commands = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : producer.history()) {
            if (r.topic().equals(Topics.gateway("gw-1"))) {
                commands.addAll(BusCodec.readAll(r.value(), GatewayCommand[].class));
            }
        }
        producer.clear();
        return commands;
    }

    private static List<String> refusals(List<GatewayCommand> commands) {
        return commands.stream().filter(c -> c.kind() == GatewayCommand.Kind.ERROR)
                .map(c -> c.refusal().ref() + ":" + c.refusal().code()).toList();
    }

    @Test
    void aRecallGetsTheNextSeqAndBlanksItsTarget() throws Exception {
        String conv = "si_alice_bob";
        transfer.process(List.of(send("alice", "bob", conv, "m1"), send("alice", "bob", conv, "m2")));
        producer.clear();

        transfer.process(List.of(recall("alice", conv, "r1", 1)));

        List<StoredMessage> stored = storage.messages().range(conv, 1, 3);
        assertThat(stored.get(0).message().recalled()).isTrue();
        assertThat(stored.get(0).message().body()).isEmpty();
        assertThat(stored.get(1).message().recalled()).isFalse();
        assertThat(stored.get(2).message().isRecall()).isTrue();
        assertThat(stored.get(2).message().recalledSeq()).isEqualTo(1);
        assertThat(toGateway()).extracting(GatewayCommand::kind).containsExactly(GatewayCommand.Kind.SEND_ACK);
    }

    @Test
    void aMessageAndItsRecallInOneBatch_theMessageIsStoredBlankedAndTheRecallAfterIt() throws Exception {
        String conv = "si_alice_gina";
        transfer.process(List.of(send("alice", "gina", conv, "g1"), recall("alice", conv, "rg1", 1)));

        List<StoredMessage> stored = storage.messages().range(conv, 1, 2);
        assertThat(stored).extracting(s -> s.message().clientMsgId()).containsExactly("g1", "rg1");
        assertThat(stored.get(0).message().recalled()).isTrue();
        assertThat(stored.get(0).message().body()).isEmpty();
        assertThat(stored.get(1).message().recalledSeq()).isEqualTo(1);
        assertThat(refusals(toGateway())).isEmpty();
    }

    @Test
    void refusalsComeInTheProtocolsOrderAndStoreNothing() throws Exception {
        String conv = "si_alice_carol";
        transfer.process(List.of(send("alice", "carol", conv, "a1"), send("carol", "alice", conv, "c1")));
        transfer.process(List.of(recall("alice", conv, "x1", 1)));
        toGateway();

        transfer.process(List.of(
                recall("alice", conv, "bad-seq", 99),      // beyond the conversation
                recall("alice", conv, "of-recall", 3),     // 3 is a recall
                recall("alice", conv, "again", 1),         // already recalled
                recall("alice", conv, "foreign", 2)));     // carol's message

        assertThat(refusals(toGateway())).containsExactly("bad-seq:INVALID_FIELD", "of-recall:INVALID_FIELD",
                "again:INVALID_FIELD", "foreign:FORBIDDEN");
        assertThat(storage.conversations().maxSeq(conv)).isEqualTo(3);

        clock.advance(WINDOW.plusSeconds(1));
        transfer.process(List.of(recall("carol", conv, "late", 2)));
        assertThat(refusals(toGateway())).containsExactly("late:TOO_LATE");
    }

    @Test
    void twoRecallsOfOneMessageInOneBatch_theSecondIsRefused_andARepeatIsAnsweredWithTheOriginalAck() throws Exception {
        String conv = "si_alice_dave";
        transfer.process(List.of(send("alice", "dave", conv, "d1")));
        toGateway();

        transfer.process(List.of(recall("alice", conv, "first", 1), recall("alice", conv, "second", 1)));
        List<GatewayCommand> answers = toGateway();
        assertThat(refusals(answers)).containsExactly("second:INVALID_FIELD");
        assertThat(answers).filteredOn(c -> c.kind() == GatewayCommand.Kind.SEND_ACK)
                .extracting(c -> c.message().seq()).containsExactly(2L);

        clock.advance(TTL.plusSeconds(1)); // window passed and the recall itself expired
        transfer.process(List.of(recall("alice", conv, "first", 1)));
        assertThat(toGateway()).extracting(c -> c.kind() + "@" + c.message().seq()).containsExactly("SEND_ACK@2");
        assertThat(storage.conversations().maxSeq(conv)).isEqualTo(2);
    }

    @Test
    void expiredMessagesAreNeitherPulledNorRecalled_andSeqsAreNeverReused() throws Exception {
        String conv = "si_alice_erin";
        Expiry expiry = storage.expiry();
        transfer.process(List.of(send("alice", "erin", conv, "e1"), send("alice", "erin", conv, "e2"),
                send("alice", "erin", conv, "e3")));
        clock.advance(Duration.ofSeconds(5));
        transfer.process(List.of(send("alice", "erin", conv, "e4")));

        clock.advance(Duration.ofSeconds(6)); // e1..e3 are 11 s old, e4 6 s
        assertThat(expiry.minSeq(conv, 4, clock.millis())).isEqualTo(4);
        Expiry.Page page = expiry.page(conv, 1, 4, 100, 4, clock.millis());
        assertThat(page.minSeq()).isEqualTo(4);
        assertThat(page.messages()).extracting(s -> s.message().seq()).containsExactly(4L);

        toGateway();
        transfer.process(List.of(recall("alice", conv, "too-old", 2)));
        assertThat(refusals(toGateway())).containsExactly("too-old:INVALID_FIELD");

        ExpiryReaper reaper = new ExpiryReaper(storage.conversations(), storage.messages(), expiry, clock);
        clock.advance(Duration.ofSeconds(5)); // everything expired
        reaper.reapOnce();
        assertThat(storage.messages().range(conv, 1, 4)).isEmpty();
        assertThat(expiry.minSeq(conv, 4, clock.millis())).isEqualTo(5);

        transfer.process(List.of(send("alice", "erin", conv, "e5")));
        assertThat(storage.conversations().maxSeq(conv)).isEqualTo(5);
        assertThat(expiry.page(conv, 1, 5, 100, 5, clock.millis()).messages())
                .extracting(s -> s.message().clientMsgId()).containsExactly("e5");
        assertThat(reaper.reclaimed()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aRepeatOfAnExpiredMessageGetsItsSendAckButNoPush() throws Exception {
        String conv = "si_alice_fred";
        transfer.process(List.of(send("alice", "fred", conv, "f1")));
        producer.clear();
        clock.advance(TTL.plusSeconds(1));

        transfer.process(List.of(send("alice", "fred", conv, "f1")));

        assertThat(producer.history()).noneMatch(r -> r.topic().equals(Topics.PUSH));
        assertThat(toGateway()).extracting(c -> c.kind() + "@" + c.message().seq()).containsExactly("SEND_ACK@1");
    }
}
