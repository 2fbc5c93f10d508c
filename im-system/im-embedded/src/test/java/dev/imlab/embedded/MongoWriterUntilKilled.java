package dev.imlab.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import org.bson.Document;

/**
 * Run in a child JVM by {@link EmbeddedMongoTest}: starts the stand-in on a directory and inserts
 * documents {@code _id = 0, 1, 2, ...} one at a time, printing {@code ACKED <id>} after each
 * acknowledged insert, until the test kills it.
 */
final class MongoWriterUntilKilled {
    static final String COLLECTION = "messages";
    static final int MAX_DOCUMENTS = 1_000_000;

    public static void main(String[] args) {
        EmbeddedMongo mongo = EmbeddedMongo.start(Path.of(args[0]), 0);
        MongoClient client = MongoClients.create(mongo.connectionString());
        MongoCollection<Document> messages = client.getDatabase("imlab").getCollection(COLLECTION);
        for (int id = 0; id < MAX_DOCUMENTS; id++) {
            messages.insertOne(new Document("_id", id).append("body", "message " + id));
            System.out.println("ACKED " + id);
            System.out.flush();
        }
    }

    private MongoWriterUntilKilled() {
    }
}
