package dev.imlab.storage.group;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.imlab.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Groups and who is in them, in two collections, both read by {@code _id} only:
 * <ul>
 *   <li>{@code groups: {_id: groupId, owner, members: [{u, floor}], v, createdAt}}, the truth;
 *   <li>{@code user_groups: {_id: userId, groups: [groupId, ...]}}, an index so that "the groups of
 *       a user" is one read. It is a <em>superset</em>: every group the user was ever added to.
 *       Readers check each entry against {@code groups} ({@link #floorsOf}), so a stale entry
 *       costs a few bytes, never a wrong answer.
 * </ul>
 * Members are an array of subdocuments, not a {@code {userId: floor}} map, because user ids may
 * contain '.', which MongoDB reads as a path separator in field names.
 *
 * <p>The index is written before the group document and never shrinks, because there are no
 * multi-document transactions (the stand-in has none): whatever order two concurrent changes of
 * the same member interleave in, and wherever a crash falls, the index still lists every group
 * the user is in. Shrinking it on removal would let an add and a remove that race leave a member
 * whose group {@code sync} cannot see.
 *
 * @implNote <b>Read diffusion vs write diffusion.</b> imlab stores one copy of a group message
 *     (the group's own log, {@code sg_<groupId>#seq}) and gives each member a cursor and a floor:
 *     read diffusion. The alternative, write diffusion, copies each message into every member's
 *     inbox. For a group of N members and a user in G conversations:
 *     <table>
 *       <caption>cost per message / per sync</caption>
 *       <tr><th></th><th>read diffusion (imlab)</th><th>write diffusion (inbox per user)</th></tr>
 *       <tr><td>storage</td><td>1 copy</td><td>N copies (or N pointers)</td></tr>
 *       <tr><td>writes per message</td><td>1 insert + 1 {@code maxSeq}</td><td>N inserts</td></tr>
 *       <tr><td>catching up</td><td>one range read per conversation with news</td>
 *           <td>one range read of the user's inbox, however many conversations</td></tr>
 *       <tr><td>unread count</td><td>{@code maxSeq - max(cursor, floor)}: seqs are dense, no counting</td>
 *           <td>inbox length after the cursor</td></tr>
 *     </table>
 *     The push fan-out (N devices) is paid either way; only the stored copies differ. Write
 *     diffusion wins when groups are small and users belong to many of them (one inbox read
 *     replaces G range reads); read diffusion wins as soon as N writes per message cost more
 *     than the extra per-conversation reads, which in practice is from a few hundred members
 *     (large messengers switch to read diffusion around 100 to 500 members; a 2,000-member group
 *     at 100 messages/s would be 200,000 inbox inserts/s). imlab uses read diffusion for every
 *     size: one code path, and what makes its read side cheap is already there, seqs dense per
 *     conversation (a pull is point reads by {@code _id}) and {@code sync} reading all of a
 *     user's conversations with a handful of {@code $in} reads.
 */
public final class GroupStore {
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> groups;
    private final MongoCollection<Document> userGroups;

    public GroupStore(MongoCollection<Document> groups, MongoCollection<Document> userGroups) {
        this.groups = groups;
        this.userGroups = userGroups;
    }

    /**
     * Creates the group with these members (the owner among them), each with floor 0: a new
     * group has no messages. Fails with {@code GROUP_EXISTS}; the unique {@code _id} decides races.
     */
    public GroupRecord create(String groupId, String owner, Collection<String> memberIds, long createdAt) {
        if (version(groupId) >= 0) {
            // Checked first only so that the common refusal does not touch the members' index.
            throw exists(groupId);
        }
        index(memberIds, groupId);
        List<Document> members = new ArrayList<>(memberIds.size());
        for (String userId : memberIds) {
            members.add(member(userId, 0));
        }
        try {
            groups.insertOne(new Document("_id", groupId).append("owner", owner).append("members", members)
                    .append("v", 1L).append("createdAt", createdAt));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw exists(groupId);
            }
            throw e;
        }
        return new GroupRecord(groupId, owner, memberIds.stream().map(u -> new GroupMember(u, 0)).toList(), 1);
    }

    public Optional<GroupRecord> find(String groupId) {
        return Optional.ofNullable(groups.find(eq("_id", groupId)).first()).map(GroupStore::record);
    }

    /** The group's version, or -1 if there is no such group: a read of a few bytes however large the group. */
    public long version(String groupId) {
        Document doc = groups.find(eq("_id", groupId)).projection(Projections.include("v")).first();
        return doc == null ? -1 : doc.getLong("v");
    }

    /**
     * The user's own member entry, read without the rest of the member list.
     *
     * @return empty if the user is not a member
     * @throws dev.imlab.protocol.ImException {@code NO_SUCH_GROUP}
     */
    public Optional<GroupMember> member(String groupId, String userId) {
        Document doc = groups.find(eq("_id", groupId)).projection(ownEntry(userId)).first();
        if (doc == null) {
            throw ErrorCode.NO_SUCH_GROUP.exception("no group '" + groupId + "'");
        }
        List<Document> found = doc.getList("members", Document.class, List.of());
        return found.isEmpty() ? Optional.empty() : Optional.of(memberOf(found.get(0)));
    }

    /** Group id to floor for every group the user is a member of now: two reads, however many groups. */
    public Map<String, Long> floorsOf(String userId) {
        Map<String, Long> floors = new LinkedHashMap<>();
        Document index = userGroups.find(eq("_id", userId)).first();
        List<String> candidates = index == null ? List.of() : index.getList("groups", String.class, List.of());
        if (candidates.isEmpty()) {
            return floors;
        }
        for (Document doc : groups.find(in("_id", candidates)).projection(ownEntry(userId))) {
            List<Document> own = doc.getList("members", Document.class, List.of());
            if (!own.isEmpty()) {
                floors.put(doc.getString("_id"), memberOf(own.get(0)).floor());
            }
        }
        return floors;
    }

    /**
     * Adds the user with this floor unless already a member, in which case nothing changes (the
     * first floor stands). The caller has checked that the group exists.
     *
     * @return the group as it is now
     */
    public GroupRecord add(String groupId, String userId, long floor) {
        index(List.of(userId), groupId);
        groups.updateOne(and(eq("_id", groupId), ne("members.u", userId)),
                Updates.combine(Updates.push("members", member(userId, floor)), Updates.inc("v", 1L)));
        return current(groupId);
    }

    /**
     * Removes the user if a member; otherwise nothing changes.
     *
     * @return the group as it is now
     */
    public GroupRecord remove(String groupId, String userId) {
        // $pull applies its condition to each element as a query: removes the entry whatever its floor.
        groups.updateOne(and(eq("_id", groupId), eq("members.u", userId)),
                Updates.combine(Updates.pull("members", new Document("u", userId)), Updates.inc("v", 1L)));
        return current(groupId);
    }

    private GroupRecord current(String groupId) {
        return find(groupId).orElseThrow(() -> ErrorCode.NO_SUCH_GROUP.exception("no group '" + groupId + "'"));
    }

    /** Adds the group to each user's index: one bulk write, idempotent. */
    private void index(Collection<String> userIds, String groupId) {
        List<WriteModel<Document>> writes = new ArrayList<>(userIds.size());
        for (String userId : userIds) {
            writes.add(new UpdateOneModel<>(eq("_id", userId), Updates.addToSet("groups", groupId), UPSERT));
        }
        if (!writes.isEmpty()) {
            userGroups.bulkWrite(writes);
        }
    }

    /** Projects a group document to its id and the user's own member entry, if any. */
    private static Bson ownEntry(String userId) {
        return Projections.fields(Projections.include("_id"), Projections.elemMatch("members", eq("u", userId)));
    }

    private static Document member(String userId, long floor) {
        return new Document("u", userId).append("floor", floor);
    }

    private static GroupMember memberOf(Document doc) {
        return new GroupMember(doc.getString("u"), doc.getLong("floor"));
    }

    private static GroupRecord record(Document doc) {
        List<GroupMember> members = doc.getList("members", Document.class, List.of()).stream()
                .map(GroupStore::memberOf).toList();
        return new GroupRecord(doc.getString("_id"), doc.getString("owner"), members, doc.getLong("v"));
    }

    private static RuntimeException exists(String groupId) {
        return ErrorCode.GROUP_EXISTS.exception("group '" + groupId + "' already exists");
    }
}
