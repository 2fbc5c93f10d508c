package dev.imlab.storage.read;

import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.expiry.Expiry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a user's conversations look like to it: {@code maxSeq}, {@code minSeq}, its read seq and
 * unread count. {@code sync} and the offline notifications both ask here, so both count alike.
 */
public final class ConversationStates {
    private final ConversationStore conversations;
    private final Expiry expiry;
    private final ReadStore reads;

    public ConversationStates(ConversationStore conversations, Expiry expiry, ReadStore reads) {
        this.conversations = conversations;
        this.expiry = expiry;
        this.reads = reads;
    }

    /**
     * One conversation as one user sees it.
     *
     * @param readSeq at least the user's join floor in a group: what came before it is not the
     *     member's to read (PROTOCOL.md rule 6 sets {@code ackedSeq} the same way)
     */
    public record State(String conversationId, long maxSeq, long minSeq, long readSeq, long unread) {
    }

    /**
     * The unread count of PROTOCOL.md v2: {@code maxSeq - max(readSeq, minSeq - 1)}, never below 0.
     * Expired messages are not unread; a read seq above {@code maxSeq} (a read that raced a lagging
     * {@code maxSeq}) counts 0, not a negative number.
     */
    public static long unread(long maxSeq, long minSeq, long readSeq) {
        return Math.max(0, maxSeq - Math.max(readSeq, minSeq - 1));
    }

    /**
     * The states of several users' conversations: user to (conversation id to floor, 0 for a single
     * chat). A handful of {@code $in} reads, however many pairs.
     */
    public Map<String, Map<String, State>> of(Map<String, Map<String, Long>> floorsByUser, long now) {
        Set<String> conversationIds = new HashSet<>();
        Set<String> readIds = new HashSet<>();
        floorsByUser.forEach((userId, floors) -> floors.keySet().forEach(c -> {
            conversationIds.add(c);
            readIds.add(ReadStore.id(userId, c));
        }));
        Map<String, Long> stored = conversations.maxSeqs(conversationIds);
        Map<String, Long> maxSeqs = new HashMap<>();
        conversationIds.forEach(c -> maxSeqs.put(c, stored.getOrDefault(c, 0L)));
        Map<String, Long> minSeqs = expiry.minSeqs(maxSeqs, now);
        Map<String, Long> readSeqs = reads.readSeqs(readIds);
        Map<String, Map<String, State>> states = new LinkedHashMap<>();
        floorsByUser.forEach((userId, floors) -> {
            Map<String, State> own = new LinkedHashMap<>();
            floors.forEach((c, floor) -> {
                long max = maxSeqs.get(c);
                long min = minSeqs.get(c);
                long read = Math.max(readSeqs.getOrDefault(ReadStore.id(userId, c), 0L), floor);
                own.put(c, new State(c, max, min, read, unread(max, min, read)));
            });
            states.put(userId, own);
        });
        return states;
    }

    /** One user's conversations (conversation id to floor, 0 for a single chat). */
    public Map<String, State> of(String userId, Map<String, Long> floors, long now) {
        return of(Map.of(userId, floors), now).get(userId);
    }
}
