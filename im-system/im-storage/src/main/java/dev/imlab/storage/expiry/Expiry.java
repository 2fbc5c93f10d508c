package dev.imlab.storage.expiry;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Which seqs of a conversation can still be pulled (PROTOCOL.md v2): {@code [minSeq, maxSeq]}.
 *
 * <p>Messages expire in seq order (their serverTimes do not go back within a conversation), so the
 * expired ones are a prefix, and {@code minSeq} is the first seq whose message still exists and
 * has not expired: {@code maxSeq + 1} once everything has.
 *
 * <p>{@code expiry: {_id: conversationId, minSeq}} holds a lower bound of it, raised by the
 * {@code ExpiryReaper} (the transfer role) with {@code $max}. Reads do not trust it to be current: they probe the
 * message at the bound (one point read for all conversations of a {@code sync}) and, only if that
 * one is gone, binary-search up to {@code maxSeq}. So a read is exact whether the reaper ran a
 * second ago or not at all, and whether a MongoDB TTL index or the reaper deleted the message.
 * A seq at or below {@code maxSeq} whose message is missing can only have expired: messages are
 * stored before {@code maxSeq} counts them.
 */
public final class Expiry {
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MessageStore messages;
    private final MongoCollection<Document> bounds;

    public Expiry(MessageStore messages, MongoCollection<Document> bounds) {
        this.messages = messages;
        this.bounds = bounds;
    }

    /** The seqs of a pull that can be shown, and the {@code minSeq} they were checked against. */
    public record Page(long minSeq, List<StoredMessage> messages) {
    }

    /** The exact {@code minSeq} of each conversation, given its {@code maxSeq}, at {@code now} (epoch ms). */
    public Map<String, Long> minSeqs(Map<String, Long> maxSeqs, long now) {
        return minSeqs(maxSeqs, lowerBounds(maxSeqs.keySet()), now);
    }

    /** As {@link #minSeqs(Map, long)}, from stored lower bounds the caller has read already ({@link #lowerBounds}). */
    public Map<String, Long> minSeqs(Map<String, Long> maxSeqs, Map<String, Long> lowerBounds, long now) {
        Map<String, Long> probes = new HashMap<>();
        List<String> probeIds = new ArrayList<>();
        maxSeqs.forEach((conversationId, maxSeq) -> {
            long bound = Math.max(1, lowerBounds.getOrDefault(conversationId, 1L));
            if (bound <= maxSeq) {
                probes.put(conversationId, bound);
                probeIds.add(MessageStore.id(conversationId, bound));
            }
        });
        Map<String, StoredMessage> probed = messages.byIds(probeIds);
        Map<String, Long> minSeqs = new HashMap<>();
        maxSeqs.forEach((conversationId, maxSeq) -> {
            Long bound = probes.get(conversationId);
            if (bound == null) {
                // Empty, or everything expired as of the bound: the next message gets maxSeq + 1.
                minSeqs.put(conversationId, maxSeq == 0 ? 1 : maxSeq + 1);
            } else if (alive(probed.get(MessageStore.id(conversationId, bound)), now)) {
                minSeqs.put(conversationId, bound);
            } else {
                minSeqs.put(conversationId, firstAlive(conversationId, bound + 1, maxSeq, now));
            }
        });
        return minSeqs;
    }

    public long minSeq(String conversationId, long maxSeq, long now) {
        return minSeqs(Map.of(conversationId, maxSeq), now).get(conversationId);
    }

    /**
     * The lowest {@code limit} seqs of {@code fromSeq..toSeq} that can be pulled. A message that
     * expired or was deleted while this read ran moves {@code minSeq} past it, so the page never
     * holds an expired message and never has a hole.
     */
    public Page page(String conversationId, long fromSeq, long toSeq, int limit, long maxSeq, long now) {
        long minSeq = minSeq(conversationId, maxSeq, now);
        long start = Math.max(fromSeq, minSeq);
        long end = Math.min(toSeq, start + limit - 1);
        if (start > end) {
            return new Page(minSeq, List.of());
        }
        List<StoredMessage> found = messages.range(conversationId, start, end);
        long expected = start;
        for (StoredMessage s : found) {
            long seq = s.message().seq();
            if (seq != expected) {
                minSeq = Math.max(minSeq, seq); // the ones before it are gone: deleted since minSeq was read
            }
            if (s.expiredAt(now)) {
                minSeq = Math.max(minSeq, seq + 1);
            }
            expected = seq + 1;
        }
        long visibleFrom = minSeq;
        return new Page(minSeq, found.stream().filter(s -> s.message().seq() >= visibleFrom).toList());
    }

    /** Raises the stored lower bound; never lowers it. Only the {@code ExpiryReaper} (the transfer role) calls this. */
    public void raise(String conversationId, long minSeq) {
        bounds.updateOne(eq("_id", conversationId), Updates.max("minSeq", minSeq), UPSERT);
    }

    public Map<String, Long> lowerBounds(Collection<String> conversationIds) {
        Map<String, Long> found = new HashMap<>();
        if (!conversationIds.isEmpty()) {
            for (Document doc : bounds.find(in("_id", conversationIds))) {
                found.put(doc.getString("_id"), doc.getLong("minSeq"));
            }
        }
        return found;
    }

    /** The first seq in {@code from..maxSeq} whose message is alive, else {@code maxSeq + 1}: a binary search. */
    private long firstAlive(String conversationId, long from, long maxSeq, long now) {
        long lo = from;
        long hi = maxSeq + 1; // treated as alive: what the next message gets
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            List<StoredMessage> probe = messages.range(conversationId, mid, mid);
            if (alive(probe.isEmpty() ? null : probe.get(0), now)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static boolean alive(StoredMessage message, long now) {
        return message != null && !message.expiredAt(now);
    }
}
