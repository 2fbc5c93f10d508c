package dev.imlab.labs.lab02;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.UpstreamRecord;
import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.protocol.Message;
import dev.imlab.storage.Storage;
import dev.imlab.storage.message.DedupeStore;
import dev.imlab.storage.message.StoredMessage;
import dev.imlab.transfer.internal.BatchProcessor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Your allocator in the real system's storage and transfer code: im-storage's stores on the
 * MongoDB stand-in (the real wire protocol), and im-transfer's {@code BatchProcessor}, the step
 * that dedupes, numbers and stores each poll of sends. Only Kafka is a mock here.
 */
@Tag("lab02")
class MongoRecoveryTest {
    @TempDir
    static Path dir;
    private static EmbeddedMongo mongo;
    private static Storage storage;

    @BeforeAll
    static void startMongo() {
        mongo = EmbeddedMongo.start(dir, 0, false);
        storage = new Storage(mongo.connectionString(), "lab02");
    }

    @AfterAll
    static void stopMongo() {
        if (storage != null) {
            storage.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void next_recoversFromMongoDB_afterACrashBetweenTheMessagesAndMaxSeq() {
        String chat = "si_alice_carol";
        List<StoredMessage> messages = new ArrayList<>();
        for (long seq = 1; seq <= 3; seq++) {
            messages.add(new StoredMessage(new Message(chat, seq, "alice", "hi " + seq, "m" + seq, 1_000, null), "phone"));
        }
        storage.messages().insertAll(messages);
        storage.dedupe().putAll(messages.subList(0, 1));
        storage.conversations().advance(Map.of(chat, 1L)); // the crash: 2 and 3 are stored, nothing else of theirs

        long next = new GapFreeSeqAllocator(new MongoSeqStore(storage)).next(chat);

        assertThat(next).isEqualTo(4);
        assertThat(storage.conversations().maxSeq(chat)).as("maxSeq after the recovery").isEqualTo(3);
        assertThat(storage.dedupe().findAll(List.of(DedupeStore.key("alice", "m2"), DedupeStore.key("alice", "m3"))))
                .as("dedupe entries of the messages found beyond maxSeq").hasSize(2);
        assertThat(storage.conversations().conversationsOf("carol")).contains(chat);
    }

    @Test
    void recover_rewritesTheDedupeEntries_soThatARedeliveredSendIsFoundAsARepeat() {
        String chat = "si_alice_dave";
        StoredMessage first = new StoredMessage(new Message(chat, 1, "alice", "hi", "d1", 1_000, null), "phone");
        storage.messages().insertAll(List.of(first)); // the crash came right after the message was stored

        new GapFreeSeqAllocator(new MongoSeqStore(storage)).recover(chat);

        assertThat(storage.dedupe().findAll(List.of(DedupeStore.key("alice", "d1"))).get(DedupeStore.key("alice", "d1")))
                .as("dedupe entry of alice's d1").isNotNull()
                .extracting(e -> e.conversationId() + "#" + e.seq()).isEqualTo(chat + "#1");
    }

    @Test
    void theRealBatchProcessor_withYourAllocator_numbersRedeliveriesAndNewSends_acrossARestart() throws Exception {
        String chat = "si_alice_bob";
        BatchProcessor beforeRestart = transfer();
        beforeRestart.process(List.of(send("a1"), send("a2"), send("a3")));

        // The transfer restarts before committing its Kafka offsets: the three sends come again, then two new ones.
        BatchProcessor afterRestart = transfer();
        afterRestart.process(List.of(send("a1"), send("a2"), send("a3"), send("a4"), send("a5")));

        List<String> stored = storage.messages().range(chat, 1, 10).stream()
                .map(s -> s.message().seq() + ":" + s.message().clientMsgId()).collect(Collectors.toList());
        assertThat(stored).containsExactly("1:a1", "2:a2", "3:a3", "4:a4", "5:a5");
        assertThat(storage.conversations().maxSeq(chat)).isEqualTo(5);
    }

    private static BatchProcessor transfer() {
        MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        return new BatchProcessor(new GapFreeSeqAllocator(new MongoSeqStore(storage)), storage, kafka, Clock.systemUTC());
    }

    private static UpstreamRecord send(String clientMsgId) {
        return new UpstreamRecord("alice", "phone", "gw-1", clientMsgId, "si_alice_bob", "bob", null, "hello", 0);
    }
}
