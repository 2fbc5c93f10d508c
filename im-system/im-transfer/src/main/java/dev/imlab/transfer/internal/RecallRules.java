package dev.imlab.transfer.internal;

import dev.imlab.bus.UpstreamRecord;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.storage.group.GroupRecord;
import dev.imlab.storage.group.GroupStore;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may recall what (PROTOCOL.md v2), checked by the transfer because only the conversation's
 * single writer knows for sure what is stored and already recalled, in this order:
 * {@code NOT_MEMBER} (the gateway checked it), {@code INVALID_FIELD} (the seq is not a message that
 * can be recalled: never stored, expired, a recall itself, or already recalled), {@code FORBIDDEN}
 * (neither its sender nor the group's owner), {@code TOO_LATE} (its sender, past the window).
 *
 * <p>A group's owner may recall any message of the group at any time; the owner never changes
 * (the owner can neither leave nor be removed), so it is cached for good.
 */
final class RecallRules {
    private final GroupStore groups;
    private final long windowMillis;
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    RecallRules(GroupStore groups, Duration window) {
        this.groups = groups;
        this.windowMillis = window.toMillis();
    }

    /** The checks of one batch: the stored targets are read once, with one query. */
    Batch batch(Collection<String> targetIds, MessageStore messages, long now) {
        return new Batch(targetIds.isEmpty() ? new HashMap<>() : new HashMap<>(messages.byIds(targetIds)), now);
    }

    /** What one batch has seen: stored targets, and targets the batch itself stored or recalled. */
    final class Batch {
        private final Map<String, StoredMessage> targets; // message id to what it is now
        private final Map<String, String> blankedEarlier = new LinkedHashMap<>(); // stored before this batch
        private final Map<String, String> freshKeys = new HashMap<>(); // message id to dedupe key, stored by this batch
        private final long now;

        private Batch(Map<String, StoredMessage> targets, long now) {
            this.targets = targets;
            this.now = now;
        }

        /** Null when the recall may go ahead, else why not. */
        ImException refusal(UpstreamRecord recall) {
            String targetId = MessageStore.id(recall.conversationId(), recall.recalledSeq());
            StoredMessage target = targets.get(targetId);
            String where = "message " + recall.recalledSeq() + " of " + recall.conversationId();
            if (target == null || target.expiredAt(now)) {
                return ErrorCode.INVALID_FIELD.exception(where + " does not exist or has expired");
            }
            if (target.message().isRecall()) {
                return ErrorCode.INVALID_FIELD.exception(where + " is a recall: a recall cannot be recalled");
            }
            if (target.message().recalled()) {
                // Its own work, done before a crash that came before its dedupe entry: go on.
                return recall.dedupeKey().equals(target.recalledBy()) ? null
                        : ErrorCode.INVALID_FIELD.exception(where + " is already recalled");
            }
            boolean owner = isGroupOwner(recall.senderId(), recall.conversationId());
            if (!owner && !target.message().from().equals(recall.senderId())) {
                return ErrorCode.FORBIDDEN.exception(recall.senderId() + " may not recall " + where
                        + ": only its sender or the group's owner may");
            }
            if (!owner && now - target.message().serverTime() > windowMillis) {
                return ErrorCode.TOO_LATE.exception(where + " was sent more than " + Duration.ofMillis(windowMillis)
                        + " ago: too late to recall");
            }
            return null;
        }

        /**
         * Tells the batch a message was numbered: a later recall of the batch may point at it, and
         * a recall blanks its target, in {@code fresh} when the batch itself stores the target.
         */
        void stored(StoredMessage stored, Map<String, StoredMessage> fresh) {
            String id = MessageStore.id(stored.message().conversationId(), stored.message().seq());
            targets.put(id, stored);
            freshKeys.put(id, stored.dedupeKey());
            if (!stored.message().isRecall()) {
                return;
            }
            String targetId = MessageStore.id(stored.message().conversationId(), stored.message().recalledSeq());
            StoredMessage recalled = targets.get(targetId).recalledBy(stored.dedupeKey());
            targets.put(targetId, recalled);
            String freshKey = freshKeys.get(targetId);
            if (freshKey != null) {
                fresh.put(freshKey, recalled); // stored blank in the first place
            } else {
                blankedEarlier.put(targetId, stored.dedupeKey());
            }
        }

        /** Messages stored before this batch that its recalls blank: message id to the recall's dedupe key. */
        Map<String, String> blankedEarlier() {
            return blankedEarlier;
        }
    }

    private boolean isGroupOwner(String userId, String conversationId) {
        ConversationId id = ConversationId.parse(conversationId);
        if (!id.isGroup()) {
            return false;
        }
        String owner = owners.get(id.groupId());
        if (owner == null) {
            owner = groups.find(id.groupId()).map(GroupRecord::owner).orElse(null);
            if (owner == null) {
                return false;
            }
            owners.put(id.groupId(), owner);
        }
        return owner.equals(userId);
    }
}
