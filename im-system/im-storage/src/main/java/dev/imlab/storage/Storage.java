package dev.imlab.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.imlab.storage.conversation.ConversationStore;
import java.time.Duration;
import dev.imlab.storage.cursor.CursorStore;
import dev.imlab.storage.group.GroupStore;
import dev.imlab.storage.message.DedupeStore;
import dev.imlab.storage.expiry.Expiry;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.read.ConversationStates;
import dev.imlab.storage.read.ReadStore;
import dev.imlab.storage.user.UserStore;

/**
 * The MongoDB database and its stores.
 *
 * <p>Every lookup is by {@code _id} (point reads and {@code $in} of ids), never by a secondary
 * index, and each document has a single writer (the owner of its Kafka partition). That keeps
 * imlab correct on the MongoDB stand-in, which ignores secondary indexes and can hand out
 * duplicate values from concurrent {@code $inc}s, and cheap on a real MongoDB.
 *
 * <p>Writes of several documents go through {@link OrderedWrites}, MongoDB 8's client-level bulk
 * write: a real server must be MongoDB 8.0 or newer.
 */
public final class Storage implements AutoCloseable {
    /** Acknowledged writes survive a primary failover and a crash: journaled on a majority. */
    static final WriteConcern DURABLE = WriteConcern.MAJORITY.withJournal(true);

    /** PROTOCOL.md v2's default {@code imlab.retention.message-ttl}. */
    public static final Duration DEFAULT_MESSAGE_TTL = Duration.ofDays(30);

    private final MongoClient client;
    private final MongoDatabase database;
    private final OrderedWrites writes;
    private final Duration messageTtl;

    public Storage(String connectionString, String databaseName) {
        this(connectionString, databaseName, DEFAULT_MESSAGE_TTL);
    }

    /** @param messageTtl how long a message lives after its serverTime */
    public Storage(String connectionString, String databaseName, Duration messageTtl) {
        this.messageTtl = messageTtl;
        this.client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .writeConcern(DURABLE)
                .build());
        this.database = client.getDatabase(databaseName);
        this.writes = new OrderedWrites(client);
    }

    /** Writes to several collections in one ordered round trip. */
    public OrderedWrites writes() {
        return writes;
    }

    public UserStore users() {
        return new UserStore(database.getCollection("users"));
    }

    public MessageStore messages() {
        return new MessageStore(database.getCollection("messages"), writes, messageTtl);
    }

    public Expiry expiry() {
        return new Expiry(messages(), database.getCollection("expiry"));
    }

    public ReadStore reads() {
        return new ReadStore(database.getCollection("reads"), database.getCollection("sent_reads"), writes);
    }

    /** What {@code sync} and offline notifications show of a user's conversations. */
    public ConversationStates conversationStates() {
        return new ConversationStates(conversations(), expiry(), reads());
    }

    public DedupeStore dedupe() {
        return new DedupeStore(database.getCollection("dedupe"), writes);
    }

    public ConversationStore conversations() {
        return new ConversationStore(database.getCollection("conversations"), database.getCollection("user_conversations"),
                writes);
    }

    public CursorStore cursors() {
        return new CursorStore(database.getCollection("cursors"), writes);
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
