package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.frame.ClientFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckTrackerTest {
    private static final String CHAT = "si_alice_bob";
    private static final String GROUP = "sg_team";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<ClientFrame.Ack> written = new ArrayList<>();

    @Test
    void handled_sendsOneAckWithTheHighestSeq_perConversationAndDelay() {
        AckTracker acks = connected(50);

        acks.handled(CHAT, 1);
        acks.handled(CHAT, 2);
        acks.handled(GROUP, 7);
        acks.handled(CHAT, 3);
        scheduler.advance(49);
        assertThat(written).isEmpty();
        scheduler.advance(1);

        assertThat(written).containsExactlyInAnyOrder(new ClientFrame.Ack(CHAT, 3), new ClientFrame.Ack(GROUP, 7));
    }

    @Test
    void handled_sendsAtOnce_whenTheDelayIsZero() {
        AckTracker acks = connected(0);

        acks.handled(CHAT, 1);
        acks.handled(CHAT, 2);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 1), new ClientFrame.Ack(CHAT, 2));
    }

    @Test
    void handled_neverMovesTheCursorBack() {
        AckTracker acks = connected(0);

        acks.handled(CHAT, 5);
        acks.handled(CHAT, 3);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 5));
    }

    @Test
    void duplicate_sendsTheCurrentAckAgain_becauseTheServerMissedIt() {
        AckTracker acks = connected(0);
        acks.handled(CHAT, 4);

        acks.duplicate(CHAT);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 4), new ClientFrame.Ack(CHAT, 4));
    }

    @Test
    void handled_waitsWhileDisconnected_andSendsOnceConnected() {
        AckTracker acks = new AckTracker(scheduler, written::add, 50);

        acks.handled(CHAT, 2);
        scheduler.advance(1_000);
        assertThat(written).isEmpty();
        acks.connectionOpened();
        scheduler.advance(50);

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 2));
    }

    @Test
    void serverCursor_sendsAgain_whenTheServerIsBehind() {
        AckTracker acks = connected(0);
        acks.handled(CHAT, 6);

        acks.serverCursor(CHAT, 4); // the ack of 6 was lost with the last connection

        assertThat(written).containsExactly(new ClientFrame.Ack(CHAT, 6), new ClientFrame.Ack(CHAT, 6));
    }

    @Test
    void serverCursor_sendsNothing_whenTheServerIsCurrent() {
        AckTracker acks = connected(0);

        acks.serverCursor(CHAT, 9);

        assertThat(written).isEmpty();
    }

    private AckTracker connected(long delayMillis) {
        AckTracker acks = new AckTracker(scheduler, written::add, delayMillis);
        acks.connectionOpened();
        return acks;
    }
}
