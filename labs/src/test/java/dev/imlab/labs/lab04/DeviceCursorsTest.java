package dev.imlab.labs.lab04;

import static dev.imlab.labs.lab04.Chats.ALICE_BOB;
import static dev.imlab.labs.lab04.Chats.ALICE_CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab04")
class DeviceCursorsTest {
    private final Database db = new Database();
    private final DeviceCursors cursors = new DeviceCursors(db);

    @Test
    void eachDevice_hasItsOwnCursor() {
        cursors.advance("bob", "phone", ALICE_BOB, 7);
        cursors.advance("bob", "laptop", ALICE_BOB, 2);

        assertThat(cursors.cursorsOf("bob", "phone", List.of(ALICE_BOB))).isEqualTo(Map.of(ALICE_BOB, 7L));
        assertThat(cursors.cursorsOf("bob", "laptop", List.of(ALICE_BOB))).isEqualTo(Map.of(ALICE_BOB, 2L));
        assertThat(cursors.cursorsOf("bob", "tablet", List.of(ALICE_BOB))).isEmpty();
    }

    @Test
    void advance_neverMovesACursorBack() {
        cursors.advance("bob", "phone", ALICE_BOB, 7);
        cursors.advance("bob", "phone", ALICE_BOB, 3); // a late, repeated ack

        assertThat(cursors.cursorsOf("bob", "phone", List.of(ALICE_BOB))).isEqualTo(Map.of(ALICE_BOB, 7L));
    }

    @Test
    void cursorsOf_readsEachCursorOnce_andLeavesOutConversationsNeverAcked() {
        cursors.advance("alice", "phone", ALICE_BOB, 4);
        long before = db.cursors.keysRead();

        Map<String, Long> found = cursors.cursorsOf("alice", "phone", List.of(ALICE_BOB, ALICE_CAROL, "si_alice_dave"));

        assertThat(found).isEqualTo(Map.of(ALICE_BOB, 4L));
        assertThat(db.cursors.keysRead() - before).as("cursor keys read").isEqualTo(3);
        assertThat(db.cursors.scans()).as("scans of the cursors").isZero();
    }
}
