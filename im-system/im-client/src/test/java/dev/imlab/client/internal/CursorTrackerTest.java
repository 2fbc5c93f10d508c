package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.frame.ClientFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTrackerTest {
    private static final String CHAT = "si_alice_bob";
    private static final String GROUP = "sg_team";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<ClientFrame.Ack> written = new ArrayList<>();

    @Test
    void advance_sendsOneAckWithTheHighestSeq_perConversationAndDelay() {
        CursorTracker acks = connected(50);

        acks.advance(CHAT, 1);
        acks.advance(CHAT, 2);
        acks.advance(GROUP, 7);
        acks.advance(CHAT, 3);
        scheduler.advance(49);
        assertThat(written).isEmpty();
        scheduler.advance(1);

        assertThat(written).containsExactlyInAnyOrder(new ClientFrame.Ack(CHAT, 3), new ClientFrame.Ack(GROUP, 7));
    }

    @Test
    void advance_sendsAtOnce_whenTheDelayIsZero() {
        CursorTracker acks = connected(0);

        acks.advance(CHAT, 1);
        acks.advance(CHAT, 2);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 1), new ClientFrame.Ack(CHAT, 2));
    }

    @Test
    void advance_neverMovesTheCursorBack() {
        CursorTracker acks = connected(0);

        acks.advance(CHAT, 5);
        acks.advance(CHAT, 3);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 5));
    }

    @Test
    void duplicate_sendsTheCurrentAckAgain_becauseTheServerMissedIt() {
        CursorTracker acks = connected(0);
        acks.advance(CHAT, 4);

        acks.duplicate(CHAT);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 4), new ClientFrame.Ack(CHAT, 4));
    }

    @Test
    void advance_waitsWhileDisconnected_andSendsOnceConnected() {
        CursorTracker acks = new CursorTracker(scheduler, (id, seq) -> written.add(new ClientFrame.Ack(id, seq)), 50);

        acks.advance(CHAT, 2);
        scheduler.advance(1_000);
        assertThat(written).isEmpty();
        acks.connectionOpened();
        scheduler.advance(50);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 2));
    }

    @Test
    void serverCursor_sendsAgain_whenTheServerIsBehind() {
        CursorTracker acks = connected(0);
        acks.advance(CHAT, 6);

        acks.serverCursor(CHAT, 4); // the ack of 6 was lost with the last connection

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 6), new ClientFrame.Ack(CHAT, 6));
    }

    @Test
    void serverCursor_sendsNothing_whenTheServerIsCurrent() {
        CursorTracker acks = connected(0);

        acks.serverCursor(CHAT, 9);

        assertThat(written).isEmpty();
    }

    @Test
    void serverMoved_raisesWhatTheServerHolds_soNothingIsSent() {
        CursorTracker reads = connected(0);

        reads.serverMoved(CHAT, 5); // the user sent message 5, or read it on another device
        reads.advance(CHAT, 4);
        reads.advance(CHAT, 5);

        assertThat(written).isEmpty();
    }

    @Test
    void serverMoved_keepsAHigherSeqReachedHere_toBeSent() {
        CursorTracker reads = connected(50);
        reads.advance(CHAT, 7);

        reads.serverMoved(CHAT, 5);
        scheduler.advance(50);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 7));
    }

    @Test
    void flushNow_sendsWhatIsGathered_beforeTheDelay() {
        CursorTracker acks = connected(50);
        acks.advance(CHAT, 3);

        acks.flushNow();

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 3));
    }

    private CursorTracker connected(long delayMillis) {
        CursorTracker acks = new CursorTracker(scheduler, (id, seq) -> written.add(new ClientFrame.Ack(id, seq)), delayMillis);
        acks.connectionOpened();
        return acks;
    }
}
