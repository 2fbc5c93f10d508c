package dev.imlab.gateway.query;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.cursor.CursorStore;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Answers {@code sync} and {@code pull}, and checks acks against the stored max seq. Blocking reads run on {@code blocking}. */
public final class QueryService {
    private final ConversationStore conversations;
    private final CursorStore cursors;
    private final MessageStore messages;
    private final Membership membership;
    private final GroupAckCheck groupAcks;
    private final Executor blocking;

    public QueryService(ConversationStore conversations, CursorStore cursors, MessageStore messages,
                        Membership membership, GroupAckCheck groupAcks, Executor blocking) {
        this.conversations = conversations;
        this.cursors = cursors;
        this.messages = messages;
        this.membership = membership;
        this.groupAcks = groupAcks;
        this.blocking = blocking;
    }

    /** For acks: exact, and shared with the other acks of the group that arrive within a few milliseconds. */
    public CompletableFuture<Void> requireGroupMember(String groupId, String userId) {
        return groupAcks.requireMember(groupId, userId);
    }

    public CompletableFuture<ServerFrame.SyncResult> sync(String userId, String deviceId) {
        return CompletableFuture.supplyAsync(() -> {
            Set<String> ids = new LinkedHashSet<>(conversations.conversationsOf(userId));
            Map<String, Long> floors = membership.groupFloorsOf(userId);
            ids.addAll(floors.keySet());
            Map<String, Long> maxSeqs = conversations.maxSeqs(ids);
            Map<String, Long> acked = cursors.cursorsOf(userId, deviceId, ids);
            List<ServerFrame.ConversationState> states = new ArrayList<>(ids.size());
            for (String id : ids) {
                // A new member's cursor starts at its floor (PROTOCOL.md rule 6); single chats have none.
                long ack = Math.max(acked.getOrDefault(id, 0L), floors.getOrDefault(id, 0L));
                long max = maxSeqs.getOrDefault(id, 0L);
                states.add(new ServerFrame.ConversationState(id, max, ack));
            }
            return new ServerFrame.SyncResult(states);
        }, blocking);
    }

    /** The lowest {@code limit} existing seqs of the range: seqs are dense, so that is a prefix of it. */
    public CompletableFuture<ServerFrame.PullResult> pull(String userId, ClientFrame.Pull pull) {
        return CompletableFuture.supplyAsync(() -> {
            long floor = membership.requireMember(userId, pull.conversationId());
            // Messages from before a group member joined are not theirs (PROTOCOL.md rule 6).
            long from = Math.max(pull.fromSeq(), floor + 1);
            long to = Math.min(pull.toSeq(), from + pull.limit() - 1);
            List<Message> found = new ArrayList<>();
            if (from <= to) {
                for (StoredMessage s : messages.range(pull.conversationId(), from, to)) {
                    found.add(s.message());
                }
            }
            return new ServerFrame.PullResult(pull.conversationId(), 1, found);
        }, blocking);
    }

    /** The stored max seq, for an ack beyond what this connection has seen. */
    public CompletableFuture<Long> maxSeq(String conversationId) {
        return CompletableFuture.supplyAsync(() -> conversations.maxSeq(conversationId), blocking);
    }

    public Membership membership() {
        return membership;
    }

    /** Where blocking membership checks run. */
    public Executor executor() {
        return blocking;
    }
}
