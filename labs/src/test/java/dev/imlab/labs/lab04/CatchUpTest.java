package dev.imlab.labs.lab04;

import static dev.imlab.labs.lab04.Chats.ALICE_BOB;
import static dev.imlab.labs.lab04.Chats.ALICE_CAROL;
import static dev.imlab.labs.lab04.Chats.append;
import static dev.imlab.labs.lab04.Chats.ids;
import static dev.imlab.labs.lab04.Chats.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** bob has a phone and a laptop; alice writes while one or both are off. */
@Tag("lab04")
class CatchUpTest {
    private final Database db = new Database();
    private final MessageLog log = new MessageLog(db);
    private final CountingServer server = new CountingServer(new SyncService(log, new DeviceCursors(db)));

    /** The real server, counting pulls and, when told to, failing one as a dropped connection would. */
    private static final class CountingServer implements SyncServer {
        final SyncServer server;
        final List<String> pulls = new ArrayList<>();
        int failPull;

        CountingServer(SyncServer server) {
            this.server = server;
        }

        @Override
        public List<ConversationState> sync(String userId, String deviceId) {
            return server.sync(userId, deviceId);
        }

        @Override
        public List<Message> pull(String userId, String conversationId, long fromSeq, long toSeq, Integer limit) {
            pulls.add(conversationId + " " + fromSeq + ".." + toSeq);
            if (pulls.size() == failPull) {
                throw ErrorCode.UNAVAILABLE.exception("the connection dropped");
            }
            return server.pull(userId, conversationId, fromSeq, toSeq, limit);
        }

        @Override
        public void ack(String userId, String deviceId, String conversationId, long seq) {
            server.ack(userId, deviceId, conversationId, seq);
        }
    }

    @Test
    void aDeviceThatWasOffline_getsEverythingItMissed_aPageAtATime() {
        append(log, ALICE_BOB, 1, 25);

        List<Message> fetched = new CatchUp(server, "bob", "laptop", 10).run();

        assertThat(seqs(fetched)).containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().collect(Collectors.toList()));
        assertThat(server.pulls).containsExactly(ALICE_BOB + " 1..25", ALICE_BOB + " 11..25", ALICE_BOB + " 21..25");
        assertThat(server.sync("bob", "laptop")).containsExactly(new ConversationState(ALICE_BOB, 25, 25));
    }

    @Test
    void eachDevice_catchesUpFromItsOwnCursor() {
        append(log, ALICE_BOB, 1, 5);
        new CatchUp(server, "bob", "phone", 10).run();
        append(log, ALICE_BOB, 6, 8);

        List<Message> phone = new CatchUp(server, "bob", "phone", 10).run();
        List<Message> laptop = new CatchUp(server, "bob", "laptop", 10).run();

        assertThat(seqs(phone)).containsExactly(6L, 7L, 8L);
        assertThat(seqs(laptop)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void catchUp_goesThroughEveryConversation_inTheOrderSyncListsThem() {
        append(log, ALICE_CAROL, 1, 2);
        append(log, ALICE_BOB, 1, 3);

        List<Message> fetched = new CatchUp(server, "alice", "phone", 10).run();

        assertThat(ids(fetched)).containsExactly(ALICE_CAROL + "#1", ALICE_CAROL + "#2",
                ALICE_BOB + "#1", ALICE_BOB + "#2", ALICE_BOB + "#3");
    }

    @Test
    void aSecondCatchUp_fetchesNothing_andPullsNothing() {
        append(log, ALICE_BOB, 1, 5);
        new CatchUp(server, "bob", "phone", 10).run();
        server.pulls.clear();

        assertThat(new CatchUp(server, "bob", "phone", 10).run()).isEmpty();
        assertThat(server.pulls).isEmpty();
    }

    @Test
    void aCatchUpCutShort_resumesAfterTheLastPageItGot() {
        append(log, ALICE_BOB, 1, 30);
        server.failPull = 2;
        assertThatThrownBy(() -> new CatchUp(server, "bob", "phone", 10).run()).hasMessageContaining("dropped");

        List<Message> resumed = new CatchUp(server, "bob", "phone", 10).run();

        assertThat(seqs(resumed)).containsExactlyElementsOf(LongStream.rangeClosed(11, 30).boxed().collect(Collectors.toList()));
    }
}
