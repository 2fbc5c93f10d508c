package dev.imlab.embedded;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EmbeddedMongoTest {
    @TempDir
    Path dir;

    @Test
    void write_survivesCloseAndReopen() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            messages(client).insertOne(new Document("_id", "m1").append("body", "hello"));
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            assertThat(messages(client).find(eq("_id", "m1")).first()).containsEntry("body", "hello");
        }
    }

    @Test
    void acknowledgedWrite_isInTheStore_beforeTheReplyArrives() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("copy"));
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir.resolve("live"), 0); MongoClient client = clientOf(mongo)) {
            messages(client).insertOne(new Document("_id", "m1"));
            messages(client).updateOne(eq("_id", "m1"), set("read", true));

            // What a crash right now would leave behind: the files as they are, with the server still up.
            copyTree(dir.resolve("live").resolve(EmbeddedMongo.STORE_DIR), copy.resolve(EmbeddedMongo.STORE_DIR));
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(copy, 0); MongoClient client = clientOf(mongo)) {
            assertThat(messages(client).find(eq("_id", "m1")).first()).containsEntry("read", true);
        }
    }

    @Test
    void acknowledgedWrites_surviveKill9() throws Exception {
        Path data = dir.resolve("data");
        Path stderr = dir.resolve("child-stderr.txt");
        Process child = ChildJvm.start(MongoWriterUntilKilled.class, stderr, data.toString());
        int lastAcked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACKED ")) {
                    lastAcked = Integer.parseInt(line.substring("ACKED ".length()));
                    if (lastAcked == 300) {
                        // SIGKILL through the handle: Process.destroyForcibly would also close the pipe, and
                        // the acknowledgements still in it must be read to the end.
                        child.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lastAcked).as("child JVM died before acknowledging 300 writes; stderr:%n%s", Files.readString(stderr))
                .isGreaterThanOrEqualTo(300)
                .isLessThan(MongoWriterUntilKilled.MAX_DOCUMENTS - 1);

        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, 0); MongoClient client = clientOf(mongo)) {
            Set<Integer> stored = new HashSet<>();
            client.getDatabase("imlab").getCollection(MongoWriterUntilKilled.COLLECTION)
                    .find().forEach(document -> stored.add(document.getInteger("_id")));
            for (int id = 0; id <= lastAcked; id++) {
                assertThat(stored).as("acknowledged document %d", id).contains(id);
            }
        }
    }

    @Test
    void manySmallWrites_keepTheStoreSmall() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0, false); MongoClient client = clientOf(mongo)) {
            MongoCollection<Document> counters = client.getDatabase("imlab").getCollection("counters");
            for (int i = 0; i < 2_000; i++) {
                counters.updateOne(eq("_id", "conversation-" + i % 100), inc("seq", 1L), new UpdateOptions().upsert(true));
            }
        }

        // 100 tiny documents, 2,000 writes.
        assertThat(sizeOf(dir.resolve(EmbeddedMongo.STORE_DIR))).isLessThan(4L << 20);
    }

    @Test
    void aStoreFileOfTheOlderFormat_isRefusedWithAClearMessage_notStartedEmptyBesideIt() throws Exception {
        Files.writeString(dir.resolve(EmbeddedMongo.LEGACY_STORE_FILE), "H:2,...");

        assertThatThrownBy(() -> EmbeddedMongo.start(dir, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("older imlab MongoDB stand-in")
                .hasMessageContaining("Delete the data folder");
        assertThat(dir.resolve(EmbeddedMongo.STORE_DIR)).doesNotExist();
    }

    @Test
    void suspend_makesMongoUnreachable_untilResume() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = impatientClientOf(mongo)) {
            messages(client).insertOne(new Document("_id", "before"));

            mongo.suspend();
            assertThatThrownBy(() -> messages(client).insertOne(new Document("_id", "during")))
                    .isInstanceOf(MongoException.class);

            mongo.resume();
            messages(client).insertOne(new Document("_id", "after"));
            assertThat(messages(client).countDocuments()).isEqualTo(2);
        }
    }

    private static MongoCollection<Document> messages(MongoClient client) {
        return client.getDatabase("imlab").getCollection("messages");
    }

    private static MongoClient clientOf(EmbeddedMongo mongo) {
        return MongoClients.create(mongo.connectionString());
    }

    /** Gives up on an unreachable server after three seconds instead of thirty. */
    private static MongoClient impatientClientOf(EmbeddedMongo mongo) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(1, TimeUnit.SECONDS))
                .retryWrites(false)
                .build());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    static long sizeOf(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
