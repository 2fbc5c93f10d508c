package dev.imlab.embedded;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.addToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.max;
import static com.mongodb.client.model.Updates.setOnInsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ClientBulkWriteException;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.bulk.ClientBulkWriteOptions;
import com.mongodb.client.model.bulk.ClientBulkWriteResult;
import com.mongodb.client.model.bulk.ClientNamespacedWriteModel;
import com.mongodb.client.model.bulk.ClientUpdateOneOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The commands imlab's storage layer relies on answer as MongoDB's do, through the real driver. */
@Timeout(60)
class EmbeddedMongoCommandsTest {
    private static final MongoNamespace MESSAGES = new MongoNamespace("imlab.messages");
    private static final MongoNamespace CONVERSATIONS = new MongoNamespace("imlab.conversations");

    @TempDir
    Path dir;

    @Test
    void concurrentIncrements_returnDistinctValues() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0, false); MongoClient client = clientOf(mongo)) {
            MongoCollection<Document> counters = client.getDatabase("imlab").getCollection("counters");
            counters.insertOne(new Document("_id", "conversation-1").append("seq", 0L));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                results.add(threads.submit(() -> counters.findOneAndUpdate(eq("_id", "conversation-1"), inc("seq", 1L),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)).getLong("seq")));
            }
            Set<Long> seen = new HashSet<>();
            for (Future<Long> result : results) {
                seen.add(result.get());
            }
            threads.shutdown();

            assertThat(seen).hasSize(400);
        }
    }

    @Test
    void orderedInsertMany_stopsAtADuplicate_andCountsOnlyWhatItInserted() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            MongoCollection<Document> messages = messages(client);
            messages.insertOne(new Document("_id", "m2"));

            assertThatThrownBy(() -> messages.insertMany(List.of(
                    new Document("_id", "m1"), new Document("_id", "m2"), new Document("_id", "m3"))))
                    .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> {
                        assertThat(e.getWriteErrors()).singleElement().satisfies(error -> {
                            assertThat(error.getCode()).isEqualTo(11000);
                            assertThat(error.getIndex()).isEqualTo(1);
                            assertThat(ErrorCategory.fromErrorCode(error.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY);
                        });
                        assertThat(e.getWriteResult().getInsertedCount()).isEqualTo(1);
                    });
            assertThat(messages.find(in("_id", List.of("m1", "m2", "m3"))).map(d -> d.getString("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("m1", "m2");
        }
    }

    @Test
    void unorderedInsertMany_skipsOnlyTheDuplicate_andCountsWhatItInserted() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            MongoCollection<Document> messages = messages(client);
            messages.insertOne(new Document("_id", "m2"));

            assertThatThrownBy(() -> messages.insertMany(List.of(
                    new Document("_id", "m1"), new Document("_id", "m2"), new Document("_id", "m3")),
                    new InsertManyOptions().ordered(false)))
                    .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> {
                        assertThat(e.getWriteErrors()).singleElement().satisfies(error -> assertThat(error.getCode()).isEqualTo(11000));
                        assertThat(e.getWriteResult().getInsertedCount()).isEqualTo(2);
                    });
            assertThat(messages.countDocuments()).isEqualTo(3);
        }
    }

    @Test
    void updateOperatorsImlabRelyOn_behaveAsInMongoDb() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            MongoCollection<Document> conversations = client.getDatabase("imlab").getCollection("conversations");
            UpdateOptions upsert = new UpdateOptions().upsert(true);

            conversations.updateOne(eq("_id", "c1"), combine(setOnInsert("createdBy", "alice"), max("readSeq", 5)), upsert);
            conversations.updateOne(eq("_id", "c1"), combine(setOnInsert("createdBy", "bob"), max("readSeq", 3)), upsert);
            conversations.bulkWrite(List.of(
                    new UpdateOneModel<>(eq("_id", "c1"), addToSet("members", "alice")),
                    new UpdateOneModel<>(eq("_id", "c1"), addToSet("members", "alice")),
                    new InsertOneModel<>(new Document("_id", "c2"))));

            assertThat(conversations.find(eq("_id", "c1")).first())
                    .containsEntry("createdBy", "alice")
                    .containsEntry("readSeq", 5)
                    .containsEntry("members", List.of("alice"));
            assertThat(conversations.countDocuments()).isEqualTo(2);
        }
    }

    @Test
    void clientBulkWrite_appliesOperationsOnSeveralCollectionsInOrder_inOneCommand() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            ClientBulkWriteResult result = client.bulkWrite(List.of(
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "c1#1").append("body", "hi")),
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "c1#2").append("body", "there")),
                    ClientNamespacedWriteModel.updateOne(CONVERSATIONS, eq("_id", "c1"), max("maxSeq", 2L),
                            ClientUpdateOneOptions.clientUpdateOneOptions().upsert(true)),
                    ClientNamespacedWriteModel.updateOne(CONVERSATIONS, eq("_id", "c1"), max("maxSeq", 1L)),
                    ClientNamespacedWriteModel.deleteOne(MESSAGES, eq("_id", "c1#1"))),
                    ClientBulkWriteOptions.clientBulkWriteOptions().verboseResults(true));

            assertThat(result.getInsertedCount()).isEqualTo(2);
            assertThat(result.getUpsertedCount()).isEqualTo(1);
            assertThat(result.getMatchedCount()).isEqualTo(1);
            assertThat(result.getModifiedCount()).isZero();
            assertThat(result.getDeletedCount()).isEqualTo(1);
            assertThat(result.getVerboseResults().orElseThrow().getUpdateResults().get(2).getUpsertedId())
                    .hasValueSatisfying(id -> assertThat(id.asString().getValue()).isEqualTo("c1"));
            assertThat(messages(client).find().map(d -> d.getString("_id")).into(new ArrayList<>())).containsExactly("c1#2");
            assertThat(client.getDatabase("imlab").getCollection("conversations").find(eq("_id", "c1")).first())
                    .containsEntry("maxSeq", 2L);
        }
    }

    @Test
    void orderedClientBulkWrite_stopsAtTheFirstFailure_soWhatItAppliedIsAPrefix() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            messages(client).insertOne(new Document("_id", "c1#2"));

            assertThatThrownBy(() -> client.bulkWrite(List.of(
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "c1#1")),
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "c1#2")),
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "c1#3")),
                    ClientNamespacedWriteModel.updateOne(CONVERSATIONS, eq("_id", "c1"), max("maxSeq", 3L),
                            ClientUpdateOneOptions.clientUpdateOneOptions().upsert(true)))))
                    .isInstanceOfSatisfying(ClientBulkWriteException.class, e -> {
                        assertThat(e.getWriteErrors()).containsOnlyKeys(1);
                        assertThat(e.getWriteErrors().get(1).getCode()).isEqualTo(11000);
                        assertThat(e.getPartialResult()).hasValueSatisfying(r -> assertThat(r.getInsertedCount()).isEqualTo(1));
                    });
            assertThat(messages(client).find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("c1#1", "c1#2");
            assertThat(client.getDatabase("imlab").getCollection("conversations").countDocuments()).isZero();
        }
    }

    @Test
    void unorderedClientBulkWrite_skipsOnlyTheFailedOperation() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            messages(client).insertOne(new Document("_id", "m2"));

            assertThatThrownBy(() -> client.bulkWrite(List.of(
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "m1")),
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "m2")),
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "m3"))),
                    ClientBulkWriteOptions.clientBulkWriteOptions().ordered(false)))
                    .isInstanceOfSatisfying(ClientBulkWriteException.class,
                            e -> assertThat(e.getWriteErrors()).containsOnlyKeys(1));
            assertThat(messages(client).countDocuments()).isEqualTo(3);
        }
    }

    @Test
    void ids_matchAsMongoDbComparesThem_numbersByValue() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            MongoCollection<Document> messages = messages(client);
            messages.insertOne(new Document("_id", 1).append("body", "int"));

            assertThatThrownBy(() -> messages.insertOne(new Document("_id", 1.0)))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            assertThat(messages.find(eq("_id", 1L)).first()).containsEntry("body", "int");
            assertThat(messages.find(in("_id", List.of(1L, "1"))).into(new ArrayList<>())).hasSize(1);
        }
    }

    @Test
    void uniqueIndexOnAnotherField_refusesDuplicates_afterARestartToo() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            MongoCollection<Document> users = client.getDatabase("imlab").getCollection("users");
            users.createIndex(new Document("email", 1), new IndexOptions().unique(true));
            users.insertOne(new Document("_id", "alice").append("email", "a@example.org"));
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            MongoCollection<Document> users = client.getDatabase("imlab").getCollection("users");

            assertThatThrownBy(() -> users.insertOne(new Document("_id", "bob").append("email", "a@example.org")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            users.deleteOne(eq("_id", "alice"));
            users.insertOne(new Document("_id", "bob").append("email", "a@example.org"));
            assertThat(users.find(eq("email", "a@example.org")).first()).containsEntry("_id", "bob");
        }
    }

    @Test
    void renamingACollection_isRefused_notHalfDone() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = clientOf(mongo)) {
            messages(client).insertOne(new Document("_id", "m1"));

            assertThatThrownBy(() -> messages(client).renameCollection(new MongoNamespace("imlab.archive")))
                    .isInstanceOf(MongoCommandException.class)
                    .hasMessageContaining("not supported by the imlab MongoDB stand-in");
            assertThat(messages(client).countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void theInMemoryStandIn_speaksTheSameCommands_andKeepsNothing() {
        try (EmbeddedMongo mongo = EmbeddedMongo.startEphemeral(0); MongoClient client = clientOf(mongo)) {
            messages(client).insertOne(new Document("_id", "c1#2"));

            assertThatThrownBy(() -> client.bulkWrite(List.of(
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "c1#1")),
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "c1#2")),
                    ClientNamespacedWriteModel.insertOne(MESSAGES, new Document("_id", "c1#3")))))
                    .isInstanceOfSatisfying(ClientBulkWriteException.class,
                            e -> assertThat(e.getWriteErrors()).containsOnlyKeys(1));
            assertThat(messages(client).countDocuments()).isEqualTo(2);
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.startEphemeral(0); MongoClient client = clientOf(mongo)) {
            assertThat(messages(client).countDocuments()).isZero();
        }
    }

    private static MongoCollection<Document> messages(MongoClient client) {
        return client.getDatabase("imlab").getCollection("messages");
    }

    private static MongoClient clientOf(EmbeddedMongo mongo) {
        return MongoClients.create(mongo.connectionString());
    }
}
