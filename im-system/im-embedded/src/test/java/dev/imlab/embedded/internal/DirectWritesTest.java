package dev.imlab.embedded.internal;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ClientBulkWriteException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.bulk.ClientBulkWriteOptions;
import com.mongodb.client.model.bulk.ClientBulkWriteResult;
import com.mongodb.client.model.bulk.ClientNamespacedWriteModel;
import com.mongodb.client.model.bulk.ClientReplaceOneOptions;
import com.mongodb.client.model.bulk.ClientUpdateOneOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DirectWrites} against mongo-java-server's engine: the same random bulk writes (inserts,
 * replacements, updates with the direct operators and with others, on ids of several types, into
 * a collection with only the id index, one with an ignored secondary index and one with a unique
 * index of its own, ordered and unordered, with duplicates and refusals) go to a stand-in with the
 * direct path and to one without; every reply, every error and every stored document must agree.
 */
@Timeout(120)
class DirectWritesTest {
    private static final List<MongoNamespace> NAMESPACES = List.of(new MongoNamespace("db.plain"),
            new MongoNamespace("db.ttl"), new MongoNamespace("db.unique"));
    /** Mostly strings, as imlab's ids are; numbers of different types that are the same id go to the engine. */
    private static final List<Object> IDS = List.of("a", "b", "c", "d", "e", "si_u1_u2#000000000001", "1", 1, 1L, 2.0);
    private static final JsonWriterSettings EXTENDED = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void randomBulkWrites_answerAndStoreAsTheEngineDoes(long seed) throws Exception {
        try (Side direct = new Side(dir.resolve("direct"), true); Side engine = new Side(dir.resolve("engine"), false)) {
            Random random = new Random(seed);
            long directBefore = DirectWrites.writes();
            int directFailures = 0;
            for (int round = 0; round < 250; round++) {
                List<ClientNamespacedWriteModel> ops = new ArrayList<>();
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    ops.add(randomOp(random));
                }
                boolean ordered = random.nextInt(4) != 0;
                String a = direct.write(ops, ordered);
                String b = engine.write(ops, ordered);
                assertThat(a).as("round %d, ordered %s, ops %s", round, ordered, ops).isEqualTo(b);
                if (a.startsWith("error")) {
                    directFailures++;
                }
                for (MongoNamespace ns : NAMESPACES) {
                    assertThat(direct.contents(ns)).as("%s after round %d, ordered %s, ops %s", ns.getFullName(), round,
                            ordered, ops).isEqualTo(engine.contents(ns));
                }
            }
            assertThat(directFailures).as("rounds that met an error (duplicates, refusals)").isPositive();
            assertThat(DirectWrites.writes() - directBefore).as("writes that took the direct path").isGreaterThan(100);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void findsByIds_answerAsTheEngineDoes(long seed) throws Exception {
        try (Side direct = new Side(dir.resolve("direct"), true); Side engine = new Side(dir.resolve("engine"), false)) {
            Random random = new Random(seed);
            long findsBefore = DirectWrites.finds();
            for (int round = 0; round < 60; round++) {
                List<ClientNamespacedWriteModel> ops = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ops.add(randomOp(random));
                }
                direct.write(ops, false);
                engine.write(ops, false);
                for (MongoNamespace ns : NAMESPACES) {
                    List<Object> ids = new ArrayList<>();
                    for (int i = random.nextInt(5); i > 0; i--) {
                        ids.add(IDS.get(random.nextInt(IDS.size())));
                    }
                    Bson filter = random.nextBoolean() ? in("_id", ids) : eq("_id", IDS.get(random.nextInt(IDS.size())));
                    assertThat(direct.find(ns, filter)).as("%s %s", ns, filter).isEqualTo(engine.find(ns, filter));
                }
            }
            Bson absent = in("_id", List.of("nothing", "here"));
            assertThat(direct.find(new MongoNamespace("nodb.none"), absent)).isEqualTo(engine.find(new MongoNamespace("nodb.none"), absent));
            assertThat(DirectWrites.finds() - findsBefore).as("finds answered directly").isGreaterThan(30);
        }
    }

    @Test
    void theTransfersWrites_takeTheDirectPath() throws Exception {
        try (Side direct = new Side(dir.resolve("direct"), true)) {
            long before = DirectWrites.writes();
            direct.write(List.of(
                    ClientNamespacedWriteModel.insertOne(NAMESPACES.get(1), new Document("_id", "m1").append("x", new Date())),
                    ClientNamespacedWriteModel.replaceOne(NAMESPACES.get(0), eq("_id", "k"), new Document("c", "c1").append("s", 1L),
                            ClientReplaceOneOptions.clientReplaceOneOptions().upsert(true)),
                    ClientNamespacedWriteModel.updateOne(NAMESPACES.get(0), eq("_id", "conv"), Updates.max("maxSeq", 5L),
                            ClientUpdateOneOptions.clientUpdateOneOptions().upsert(true)),
                    ClientNamespacedWriteModel.updateOne(NAMESPACES.get(0), eq("_id", "u1"),
                            Updates.addEachToSet("convs", List.of("x", "y")), ClientUpdateOneOptions.clientUpdateOneOptions().upsert(true))),
                    true);
            assertThat(DirectWrites.writes() - before).isEqualTo(4);
        }
    }

    private static ClientNamespacedWriteModel randomOp(Random r) {
        MongoNamespace ns = NAMESPACES.get(r.nextInt(NAMESPACES.size()));
        Object id = IDS.get(r.nextInt(IDS.size()));
        boolean upsert = r.nextBoolean();
        return switch (r.nextInt(12)) {
            case 0, 1 -> ClientNamespacedWriteModel.insertOne(ns, doc(r, id));
            case 2 -> ClientNamespacedWriteModel.insertOne(ns, doc(r, null)); // the driver gives it an ObjectId
            case 3 -> ClientNamespacedWriteModel.replaceOne(ns, eq("_id", id), doc(r, r.nextInt(3) == 0 ? id : null),
                    ClientReplaceOneOptions.clientReplaceOneOptions().upsert(upsert));
            case 4 -> ClientNamespacedWriteModel.replaceOne(ns, eq("_id", id), doc(r, "other"), // a different id: refused
                    ClientReplaceOneOptions.clientReplaceOneOptions().upsert(upsert));
            case 5, 6 -> ClientNamespacedWriteModel.updateOne(ns, eq("_id", id), Updates.combine(
                    Updates.max("m", number(r)), Updates.setOnInsert("s", r.nextInt(5)), Updates.set("t", "v" + r.nextInt(3))),
                    ClientUpdateOneOptions.clientUpdateOneOptions().upsert(upsert));
            case 7 -> ClientNamespacedWriteModel.updateOne(ns, eq("_id", id), r.nextBoolean()
                            ? Updates.addEachToSet(r.nextBoolean() ? "convs" : "m", List.of("x" + r.nextInt(3), "y" + r.nextInt(3)))
                            : Updates.addToSet("convs", "z" + r.nextInt(3)),
                    ClientUpdateOneOptions.clientUpdateOneOptions().upsert(upsert));
            case 8 -> ClientNamespacedWriteModel.updateOne(ns, eq("_id", id), randomOther(r),
                    ClientUpdateOneOptions.clientUpdateOneOptions().upsert(upsert));
            case 9 -> ClientNamespacedWriteModel.updateOne(ns, eq("t", "v" + r.nextInt(3)), Updates.max("m", number(r)),
                    ClientUpdateOneOptions.clientUpdateOneOptions().upsert(upsert));
            case 10 -> ClientNamespacedWriteModel.updateOne(ns, eq("_id", id), Updates.max("convs", number(r)),
                    ClientUpdateOneOptions.clientUpdateOneOptions().upsert(upsert));
            default -> ClientNamespacedWriteModel.deleteOne(ns, eq("_id", id));
        };
    }

    /** Updates the direct path leaves to the engine. */
    private static Bson randomOther(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Updates.inc("m", 1);
            case 1 -> Updates.combine(Updates.set("m", 1), Updates.max("m", 2)); // a conflict: refused
            case 2 -> Updates.set("n.deep", 1);
            default -> Updates.set("nested", new Document("k", 1));
        };
    }

    private static Document doc(Random r, Object id) {
        Document d = id == null ? new Document() : new Document("_id", id);
        d.append("m", number(r)).append("t", "v" + r.nextInt(3)).append("u", "u" + r.nextInt(4));
        if (r.nextBoolean()) {
            d.append("x", new Date(1_700_000_000_000L + r.nextInt(1000)));
        }
        if (r.nextInt(4) == 0) {
            d.append("convs", List.of("x0", "y1"));
        }
        if (r.nextInt(6) == 0) {
            d.append("nested", new Document("k", r.nextInt(2)));
        }
        return d;
    }

    private static Object number(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextInt(10);
            case 1 -> (long) r.nextInt(10);
            default -> r.nextInt(10) + 0.5;
        };
    }

    /** A stand-in with or without the direct path, and a driver client on it. */
    private static final class Side implements AutoCloseable {
        final BsonBackend backend;
        final MongoWireListener listener;
        final MongoClient client;

        Side(Path dir, boolean direct) {
            backend = BsonBackend.durable(dir, false, direct);
            listener = new MongoWireListener(backend);
            int port = listener.listen("127.0.0.1", 0);
            client = MongoClients.create("mongodb://127.0.0.1:" + port);
            client.getDatabase("db").getCollection("plain").insertOne(new Document("_id", "seed"));
            client.getDatabase("db").getCollection("ttl").createIndex(Indexes.ascending("x"),
                    new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
            client.getDatabase("db").getCollection("unique").createIndex(Indexes.ascending("u"), new IndexOptions().unique(true));
        }

        /** The reply, or the error, as text to compare. */
        String write(List<ClientNamespacedWriteModel> ops, boolean ordered) {
            ClientBulkWriteOptions options = ClientBulkWriteOptions.clientBulkWriteOptions().ordered(ordered).verboseResults(true);
            try {
                return "ok " + describe(client.bulkWrite(ops, options));
            } catch (ClientBulkWriteException e) {
                return "error " + e.getWriteErrors() + " " + e.getWriteConcernErrors() + " partial "
                        + e.getPartialResult().map(DirectWritesTest::describe).orElse("none");
            }
        }

        /** What a find answers, in its order, as extended JSON. */
        List<String> find(MongoNamespace ns, Bson filter) {
            return client.getDatabase(ns.getDatabaseName()).getCollection(ns.getCollectionName()).find(filter)
                    .into(new ArrayList<>()).stream().map(d -> sortedFields(d).toJson(EXTENDED)).toList();
        }

        /**
         * Every document as extended JSON (an int, a long and a double differ there), in a stable order.
         * Fields are compared by name, not position: the engine keeps a replaced document's old field
         * order where MongoDB, and the direct path, take the replacement's; imlab reads fields by name.
         */
        List<String> contents(MongoNamespace ns) {
            return client.getDatabase(ns.getDatabaseName()).getCollection(ns.getCollectionName()).find()
                    .into(new ArrayList<>()).stream()
                    // ObjectIds made by the driver or the server differ between the two sides; the rest must not
                    .map(d -> d.get("_id") instanceof org.bson.types.ObjectId ? new Document(d).append("_id", "oid") : d)
                    .map(d -> sortedFields(d).toJson(EXTENDED))
                    .sorted()
                    .toList();
        }

        private static Document sortedFields(Document d) {
            Document sorted = new Document();
            new TreeMap<>(d).forEach((k, v) -> sorted.append(k, v instanceof Document nested ? sortedFields(nested) : v));
            return sorted;
        }

        @Override
        public void close() {
            client.close();
            listener.close();
            backend.close();
        }
    }

    private static String describe(ClientBulkWriteResult result) {
        String verbose = result.getVerboseResults().map(v -> " inserted " + v.getInsertResults().keySet()
                + " updated " + v.getUpdateResults().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().getMatchedCount()
                        + "/" + e.getValue().getModifiedCount() + "/" + e.getValue().getUpsertedId()
                                .map(id -> id.isObjectId() ? "oid" : id.toString()).orElse("-")).toList()
                + " deleted " + v.getDeleteResults().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().getDeletedCount())
                        .toList()).orElse("");
        return "n " + result.getInsertedCount() + "/" + result.getUpsertedCount() + "/" + result.getMatchedCount() + "/"
                + result.getModifiedCount() + "/" + result.getDeletedCount() + verbose;
    }
}
