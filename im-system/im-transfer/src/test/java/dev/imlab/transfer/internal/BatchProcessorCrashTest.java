package dev.imlab.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.UpstreamRecord;
import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.protocol.Message;
import dev.imlab.storage.Storage;
import dev.imlab.storage.message.StoredMessage;
import dev.imlab.transfer.seq.DurableSeqAllocator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can fall between any two writes of a batch. These tests write the first steps by hand,
 * as a crashed transfer would have left them, then redeliver the same records to a fresh
 * processor: the outcome must be as if the crash had not happened.
 */
class BatchProcessorCrashTest {
    @TempDir
    static Path dir;
    private static EmbeddedMongo mongo;
    private static Storage storage;
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongo.start(dir, 0, false);
        storage = new Storage(mongo.connectionString(), "crash-test");
    }

    @AfterAll
    static void stop() {
        storage.close();
        mongo.close();
    }

    private BatchProcessor freshTransfer() {
        return new BatchProcessor(new DurableSeqAllocator(storage.conversations(), storage.messages(), storage.dedupe()),
                storage, producer, Clock.systemUTC());
    }

    private static UpstreamRecord send(String conversation, String clientMsgId) {
        return new UpstreamRecord("alice", "phone", "gw-1", clientMsgId, conversation, "bob", null, "body of " + clientMsgId, 0);
    }

    @Test
    void messageStored_crashBeforeDedupe_redeliveryMapsToTheStoredSeq() throws Exception {
        String conversation = "si_alice_bob";
        storage.messages().insertAll(List.of(new StoredMessage(
                new Message(conversation, 1, "alice", "body of c1", "c1", 1000, null), "phone")));

        freshTransfer().process(List.of(send(conversation, "c1"), send(conversation, "c2")));

        assertThat(storage.messages().range(conversation, 1, 10)).extracting(s -> s.message().clientMsgId())
                .containsExactly("c1", "c2");
        assertThat(storage.conversations().maxSeq(conversation)).isEqualTo(2);
        assertThat(storage.conversations().conversationsOf("bob")).contains(conversation);
    }

    @Test
    void dedupeWritten_crashBeforeMaxSeq_redeliveryCompletesTheConversation() throws Exception {
        String conversation = "si_alice_carol";
        StoredMessage stored = new StoredMessage(new Message(conversation, 1, "alice", "body of d1", "d1", 1000, null), "phone");
        storage.messages().insertAll(List.of(stored));
        storage.dedupe().putAll(List.of(stored));

        BatchResult result = freshTransfer().process(List.of(new UpstreamRecord("alice", "phone", "gw-1", "d1",
                conversation, "carol", null, "body of d1", 0)));

        assertThat(result.repeats()).isEqualTo(1);
        assertThat(storage.conversations().maxSeq(conversation)).isEqualTo(1);
        assertThat(storage.conversations().conversationsOf("carol")).contains(conversation);
    }
}
