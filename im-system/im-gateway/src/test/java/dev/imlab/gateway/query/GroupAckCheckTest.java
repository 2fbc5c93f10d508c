package dev.imlab.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class GroupAckCheckTest {
    private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    /** The window: reads wait here until the test lets them run. */
    private final Queue<Runnable> window = new ConcurrentLinkedQueue<>();
    private final GroupAckCheck check = new GroupAckCheck(groupId -> {
        reads.incrementAndGet();
        Set<String> members = groups.get(groupId);
        return members == null ? null : Set.copyOf(members);
    }, window::add);

    private void windowEnds() {
        for (Runnable read; (read = window.poll()) != null; ) {
            read.run();
        }
    }

    @Test
    void theAcksOfAGroupWithinTheWindow_shareOneRead() {
        groups.put("team", Set.of("alice", "bob", "carol"));
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            acks.add(check.requireMember("team", i % 2 == 0 ? "alice" : "bob"));
        }

        windowEnds();
        acks.forEach(CompletableFuture::join);

        assertThat(reads.get()).isEqualTo(1);
    }

    @Test
    void aRemovalBeforeTheAck_isSeen_atOnce() {
        groups.put("team", Set.of("alice", "bob"));
        CompletableFuture<Void> before = check.requireMember("team", "bob");
        windowEnds();
        before.join();

        groups.put("team", Set.of("alice"));
        CompletableFuture<Void> after = check.requireMember("team", "bob");
        windowEnds();

        assertThatThrownBy(after::join)
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_MEMBER));
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void anAckArrivingWhileAReadRuns_isJudgedByTheNextRead() {
        Set<String> members = ConcurrentHashMap.newKeySet();
        members.addAll(Set.of("alice", "bob"));
        AtomicReference<GroupAckCheck> holder = new AtomicReference<>();
        AtomicReference<CompletableFuture<Void>> arrivedDuringRead = new AtomicReference<>();
        GroupAckCheck racing = new GroupAckCheck(groupId -> {
            Set<String> seen = Set.copyOf(members);
            if (arrivedDuringRead.get() == null) {
                // While the first read is on its way back: bob is removed, and then acks again.
                members.remove("bob");
                arrivedDuringRead.set(holder.get().requireMember("team", "bob"));
            }
            return seen;
        }, window::add);
        holder.set(racing);

        CompletableFuture<Void> first = racing.requireMember("team", "bob");
        windowEnds();

        first.join();
        assertThatThrownBy(arrivedDuringRead.get()::join).cause()
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_MEMBER));
    }

    @Test
    void anUnknownGroup_isNoSuchGroup() {
        CompletableFuture<Void> ack = check.requireMember("nope", "bob");
        windowEnds();

        assertThatThrownBy(ack::join)
                .cause().isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_GROUP));
    }
}
