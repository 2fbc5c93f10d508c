package dev.imlab.gateway.query;

import dev.imlab.protocol.ErrorCode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The membership check of group acks, batched: the acks of one group that arrive within
 * {@link #WINDOW_MS} share one read of the group, however many members ack.
 *
 * @implNote Acks are the most frequent request of a big group (each member device acks each
 *     message: 10,000 a second for 1,000 devices at 10 messages a second), while sends and
 *     pulls, which check membership one by one, are rare. Strategy candidates:
 *     <ol>
 *       <li>a read per ack: exact, but 10,000 reads a second for one group;
 *       <li>a cache with a time to live, or one invalidated by a signal to every gateway: the
 *           removed member's acks are accepted until the entry expires or the signal arrives,
 *           and PROTOCOL.md rule 6 says {@code NOT_MEMBER} "from then on";
 *       <li>chosen: acks wait up to 5 ms and share a read that begins after the last of them
 *           arrived. Exact, because every ack is judged by a read that began after it came
 *           (a removal acknowledged before the ack is seen), and at most 200 reads a second per
 *           group. Acks need no answer, so 5 ms cost nobody anything.
 *     </ol>
 */
public final class GroupAckCheck {
    static final long WINDOW_MS = 5;

    private final Function<String, Set<String>> members;
    private final Executor delayed;
    /** Per group, the read its next acks join; it leaves this map the moment it begins. */
    private final Map<String, CompletableFuture<Set<String>>> waiting = new ConcurrentHashMap<>();

    /**
     * @param members a group's current members, null if there is no such group; blocking, run on {@code blocking}
     */
    public static GroupAckCheck withWindow(Function<String, Set<String>> members, Executor blocking) {
        return new GroupAckCheck(members, CompletableFuture.delayedExecutor(WINDOW_MS, TimeUnit.MILLISECONDS, blocking));
    }

    /** With the window's executor given: a read runs when it does. */
    GroupAckCheck(Function<String, Set<String>> members, Executor delayed) {
        this.members = members;
        this.delayed = delayed;
    }

    /** Completes if the user is a member by a read that began after this call; fails with NOT_MEMBER or NO_SUCH_GROUP. */
    public CompletableFuture<Void> requireMember(String groupId, String userId) {
        return waiting.computeIfAbsent(groupId, this::readSoon).thenAccept(ids -> {
            if (ids == null) {
                throw ErrorCode.NO_SUCH_GROUP.exception("no group '" + groupId + "'");
            }
            if (!ids.contains(userId)) {
                throw ErrorCode.NOT_MEMBER.exception(userId + " is not a member of group '" + groupId + "'");
            }
        });
    }

    private CompletableFuture<Set<String>> readSoon(String groupId) {
        CompletableFuture<Set<String>> read = new CompletableFuture<>();
        delayed.execute(() -> {
            // From here on, new acks start the next read: every ack of this one came before it began.
            waiting.remove(groupId, read);
            try {
                read.complete(members.apply(groupId));
            } catch (RuntimeException e) {
                read.completeExceptionally(e);
            }
        });
        return read;
    }
}
