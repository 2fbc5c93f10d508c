package dev.imlab.gateway.query;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.storage.Storage;
import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.cursor.CursorStore;
import dev.imlab.storage.expiry.Expiry;
import dev.imlab.storage.message.StoredMessage;
import dev.imlab.storage.read.ConversationStates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Answers {@code sync} and {@code pull}, and checks acks and reads against the stored max seq.
 * Blocking reads run on {@code blocking}.
 */
public final class QueryService {
    private final ConversationStore conversations;
    private final CursorStore cursors;
    private final ConversationStates states;
    private final Expiry expiry;
    private final Membership membership;
    private final GroupAckCheck groupAcks;
    private final RecentReads recentReads;
    private final Clock clock;
    private final Executor blocking;

    public QueryService(Storage storage, Membership membership, GroupAckCheck groupAcks, RecentReads recentReads,
                        Clock clock, Executor blocking) {
        this.conversations = storage.conversations();
        this.cursors = storage.cursors();
        this.states = storage.conversationStates();
        this.expiry = storage.expiry();
        this.membership = membership;
        this.groupAcks = groupAcks;
        this.recentReads = recentReads;
        this.clock = clock;
        this.blocking = blocking;
    }

    /** For acks and reads: exact, and shared with the other checks of the group that arrive within a few milliseconds. */
    public CompletableFuture<Void> requireGroupMember(String groupId, String userId) {
        return groupAcks.requireMember(groupId, userId);
    }

    /**
     * Every conversation of the user: {@code maxSeq}, {@code minSeq}, read seq and unread count
     * (shared by the user's devices), and this device's {@code ackedSeq}.
     */
    public CompletableFuture<ServerFrame.SyncResult> sync(String userId, String deviceId) {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Long> floors = new LinkedHashMap<>();
            for (String id : conversations.conversationsOf(userId)) {
                floors.put(id, 0L); // single chats have no floor
            }
            floors.putAll(membership.groupFloorsOf(userId));
            // The peers of the single chats ride along in the same lookup: their read seqs, for
            // peerReadSeq, cost no query of their own (the conversations are the same).
            Map<String, Map<String, Long>> floorsByUser = new LinkedHashMap<>();
            floorsByUser.put(userId, floors);
            floors.keySet().forEach(id -> {
                ConversationId conversation = ConversationId.parse(id);
                if (!conversation.isGroup()) {
                    floorsByUser.computeIfAbsent(conversation.peerOf(userId), p -> new LinkedHashMap<>()).put(id, 0L);
                }
            });
            Map<String, Map<String, ConversationStates.State>> found = states.of(floorsByUser, clock.millis());
            Map<String, ConversationStates.State> own = found.get(userId);
            Map<String, Long> acked = cursors.cursorsOf(userId, deviceId, floors.keySet());
            List<ServerFrame.ConversationState> lines = new ArrayList<>(floors.size());
            floors.forEach((id, floor) -> {
                ConversationStates.State state = own.get(id);
                // A new member's cursor starts at its floor (PROTOCOL.md rule 6); single chats have none.
                long ack = Math.max(acked.getOrDefault(id, 0L), floor);
                long readSeq = Math.max(state.readSeq(), recentReads.get(userId, id));
                long minSeq = pullableFrom(state.minSeq(), floor);
                long unread = ConversationStates.unread(state.maxSeq(), minSeq, readSeq);
                Long peerReadSeq = null;
                ConversationId conversation = ConversationId.parse(id);
                if (!conversation.isGroup()) {
                    String peer = conversation.peerOf(userId);
                    peerReadSeq = Math.max(found.get(peer).get(id).readSeq(), recentReads.get(peer, id));
                }
                lines.add(new ServerFrame.ConversationState(id, state.maxSeq(), ack, minSeq, readSeq, unread,
                        peerReadSeq));
            });
            return new ServerFrame.SyncResult(lines);
        }, blocking);
    }

    /**
     * The lowest {@code limit} seqs of the range that can still be pulled: seqs are dense and
     * expiry takes a prefix, so that is a prefix of {@code [max(fromSeq, minSeq), toSeq]}.
     */
    public CompletableFuture<ServerFrame.PullResult> pull(String userId, ClientFrame.Pull pull) {
        return CompletableFuture.supplyAsync(() -> {
            long floor = membership.requireMember(userId, pull.conversationId());
            // Messages from before a group member joined are not theirs (PROTOCOL.md rule 6).
            long from = Math.max(pull.fromSeq(), floor + 1);
            long maxSeq = conversations.maxSeq(pull.conversationId());
            Expiry.Page page = expiry.page(pull.conversationId(), from, pull.toSeq(), pull.limit(), maxSeq, clock.millis());
            List<Message> found = new ArrayList<>(page.messages().size());
            for (StoredMessage s : page.messages()) {
                found.add(s.message());
            }
            return new ServerFrame.PullResult(pull.conversationId(), pullableFrom(page.minSeq(), floor), found);
        }, blocking);
    }

    /**
     * {@code minSeq} as PROTOCOL.md defines it, "the lowest seq that can still be pulled", for this
     * member: past what expired, and in a group past the member's join floor (rule 6), so that
     * every seq from it to {@code maxSeq} can be pulled by this user too.
     */
    static long pullableFrom(long minSeq, long floor) {
        return Math.max(minSeq, floor + 1);
    }

    /** The stored max seq, for an ack or read beyond what this connection has seen. */
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
