package dev.imlab.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.imlab.embedded.EmbeddedMongo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messages' TTL index, which the stand-in does not keep, must cost nothing: mongo-java-server
 * filled such an index by reading the whole collection into the heap when it was created and again
 * at every start (with a million messages, more than 1 GB: a restart ran out of heap).
 */
class SecondaryIndexTest {
    @TempDir
    Path dir;

    @Test
    void aTtlIndex_isNeitherFilledWhenCreatedNorWhenTheStoreOpensAgain() {
        long before;
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> messages = client.getDatabase("imlab").getCollection("messages");
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                docs.add(new Document("_id", "c/" + i).append("x", new Date()));
            }
            messages.insertMany(docs);
            before = BsonCollection.fullReads();
            messages.createIndex(Indexes.ascending("x"), new IndexOptions().name("expire_at").expireAfter(0L, TimeUnit.SECONDS));
            assertThat(BsonCollection.fullReads()).as("reads to create it").isEqualTo(before);
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0); MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> messages = client.getDatabase("imlab").getCollection("messages");
            assertThat(messages.find(new Document("_id", "c/7")).first()).isNotNull();
            assertThat(BsonCollection.fullReads()).as("reads to open the store again").isEqualTo(before);
        }
    }
}
