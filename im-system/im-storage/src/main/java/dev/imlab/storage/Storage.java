package dev.imlab.storage;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.cursor.CursorStore;
import dev.imlab.storage.group.GroupStore;
import dev.imlab.storage.message.DedupeStore;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.user.UserStore;

/**
 * The MongoDB database and its stores.
 *
 * <p>Every lookup is by {@code _id} (point reads and {@code $in} of ids), never by a secondary
 * index, and each document has a single writer (the owner of its Kafka partition). That keeps
 * imlab correct on the MongoDB stand-in, which ignores secondary indexes and can hand out
 * duplicate values from concurrent {@code $inc}s, and cheap on a real MongoDB.
 */
public final class Storage implements AutoCloseable {
    /** Acknowledged writes survive a primary failover and a crash: journaled on a majority. */
    static final WriteConcern DURABLE = WriteConcern.MAJORITY.withJournal(true);

    private final MongoClient client;
    private final MongoDatabase database;

    public Storage(String connectionString, String databaseName) {
        this.client = MongoClients.create(connectionString);
        this.database = client.getDatabase(databaseName).withWriteConcern(DURABLE);
    }

    public UserStore users() {
        return new UserStore(database.getCollection("users"));
    }

    public MessageStore messages() {
        return new MessageStore(database.getCollection("messages"));
    }

    public DedupeStore dedupe() {
        return new DedupeStore(database.getCollection("dedupe"));
    }

    public ConversationStore conversations() {
        return new ConversationStore(database.getCollection("conversations"), database.getCollection("user_conversations"));
    }

    public CursorStore cursors() {
        return new CursorStore(database.getCollection("cursors"));
    }

    public GroupStore groups() {
        return new GroupStore(database.getCollection("groups"), database.getCollection("user_groups"));
    }

    /** For tests and tools that need raw access. */
    public MongoDatabase database() {
        return database;
    }

    @Override
    public void close() {
        client.close();
    }
}
