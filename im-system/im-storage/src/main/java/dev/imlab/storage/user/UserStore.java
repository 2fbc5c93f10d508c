package dev.imlab.storage.user;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import dev.imlab.protocol.ErrorCode;
import java.util.Optional;
import org.bson.Document;

/** Users: {@code {_id: userId, passwordHash, createdAt}}. */
public final class UserStore {
    private final MongoCollection<Document> users;

    public UserStore(MongoCollection<Document> users) {
        this.users = users;
    }

    /** Creates the user, or fails with {@code USER_EXISTS}: the unique {@code _id} decides races. */
    public void create(String userId, String passwordHash, long createdAt) {
        try {
            users.insertOne(new Document("_id", userId).append("passwordHash", passwordHash).append("createdAt", createdAt));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw ErrorCode.USER_EXISTS.exception("user '" + userId + "' already exists");
            }
            throw e;
        }
    }

    public Optional<UserRecord> find(String userId) {
        Document doc = users.find(eq("_id", userId)).first();
        return Optional.ofNullable(doc).map(d -> new UserRecord(d.getString("_id"), d.getString("passwordHash")));
    }

    /** Replaces the user's password hash; false if there is no such user. */
    public boolean updatePasswordHash(String userId, String passwordHash) {
        return users.updateOne(eq("_id", userId), Updates.set("passwordHash", passwordHash)).getMatchedCount() > 0;
    }

    public boolean exists(String userId) {
        return users.find(eq("_id", userId)).projection(new Document("_id", 1)).first() != null;
    }
}
