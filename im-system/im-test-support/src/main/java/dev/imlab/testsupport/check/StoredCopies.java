package dev.imlab.testsupport.check;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each clientMsgId was seen, as conversation and seq, in acks and pushes: a second place is
 * a second stored copy of one message, the failure dedupe exists to prevent.
 *
 * <p>Keyed by clientMsgId alone, not per conversation. The server dedupes by sender and
 * clientMsgId, and a re-send goes where its first send went, so a second copy normally lands in
 * the same conversation; keying across conversations also catches one that does not. That is
 * safe because both users' ids are unique to a run whoever sends them: the SDK's carry a random
 * instance part, im-bench's the send time.
 */
final class StoredCopies {
    private record Place(String conversation, int seq) {
    }

    private final Map<String, Place> first = new ConcurrentHashMap<>();
    /** clientMsgId to every further place it was seen in; empty unless the run is broken. */
    private final Map<String, Set<Place>> further = new ConcurrentHashMap<>();

    void note(String conversation, int seq, String clientMsgId) {
        Place place = new Place(conversation, seq);
        Place known = first.putIfAbsent(clientMsgId, place);
        if (known != null && !known.equals(place)) {
            further.computeIfAbsent(clientMsgId, id -> ConcurrentHashMap.newKeySet()).add(place);
        }
    }

    /** Copies beyond the first of each message. */
    long extra() {
        long extra = 0;
        for (Set<Place> places : further.values()) {
            extra += places.size();
        }
        return extra;
    }
}
