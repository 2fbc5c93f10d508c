package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SendTrackerTest {
    private static final long TIMEOUT = 5_000;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> written = new ArrayList<>();
    /** Back-off between 50 and 100 ms, whatever the attempt. */
    private final SendTracker sends = new SendTracker(scheduler, frame -> written.add(SendTracker.clientMsgIdOf(frame)), TIMEOUT,
            new Backoff(100, 100, new Random(1)));

    @Test
    void submit_writesAtOnce_whenConnected() {
        sends.connectionOpened();

        sends.submit(hi("m1"), new CompletableFuture<>());

        assertThat(written).containsExactly("m1");
    }

    @Test
    void submit_waitsWhileDisconnected_andWritesInOrderOnceConnected() {
        sends.submit(hi("m1"), new CompletableFuture<>());
        sends.submit(hi("m2"), new CompletableFuture<>());
        assertThat(written).isEmpty();

        sends.connectionOpened();

        assertThat(written).containsExactly("m1", "m2");
    }

    @Test
    void acknowledged_completesTheFuture_andStopsTheTimer() {
        sends.connectionOpened();
        CompletableFuture<ServerFrame.SendAck> future = new CompletableFuture<>();
        sends.submit(hi("m1"), future);

        ServerFrame.SendAck ack = new ServerFrame.SendAck("m1", "si_alice_bob", 1, 1_000);
        sends.acknowledged(ack);
        scheduler.advance(TIMEOUT * 3);

        assertThat(future).isCompletedWithValue(ack);
        assertThat(written).containsExactly("m1");
    }

    @Test
    void timeout_writesTheSameFrameAgain_untilAcknowledged() {
        sends.connectionOpened();
        sends.submit(hi("m1"), new CompletableFuture<>());

        scheduler.advance(TIMEOUT - 1);
        assertThat(written).containsExactly("m1");
        scheduler.advance(1);
        assertThat(written).containsExactly("m1", "m1");
        scheduler.advance(TIMEOUT);
        assertThat(written).containsExactly("m1", "m1", "m1");
    }

    @Test
    void refused_writesAgainAfterRetryAfterMs_whenRateLimited() {
        sends.connectionOpened();
        sends.submit(hi("m1"), new CompletableFuture<>());

        sends.refused(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "slow down", "m1", 300L));
        scheduler.advance(299);
        assertThat(written).containsExactly("m1");
        scheduler.advance(1);

        assertThat(written).containsExactly("m1", "m1");
    }

    @Test
    void refused_writesAgainAfterABackoff_whenUnavailable_andTheOldTimeoutNoLongerCounts() {
        sends.connectionOpened();
        sends.submit(hi("m1"), new CompletableFuture<>());
        scheduler.advance(TIMEOUT - 10);

        sends.refused(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "busy", "m1", null));
        scheduler.advance(100);

        assertThat(written).containsExactly("m1", "m1");
    }

    @Test
    void refused_failsTheFutureWithTheCode_whenNotRetriable() {
        sends.connectionOpened();
        CompletableFuture<ServerFrame.SendAck> future = new CompletableFuture<>();
        sends.submit(hi("m1"), future);

        boolean handled = sends.refused(new ServerFrame.Error(ErrorCode.NOT_MEMBER, "not in g1", "m1", null));
        scheduler.advance(TIMEOUT * 2);

        assertThat(handled).isTrue();
        assertThat(catchThrowable(future::join)).cause().isInstanceOfSatisfying(ImException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_MEMBER);
            assertThat(e.ref()).isEqualTo("m1");
        });
        assertThat(written).containsExactly("m1");
        assertThat(sends.size()).isZero();
    }

    @Test
    void refused_isFalse_forAnErrorAboutSomethingElse() {
        assertThat(sends.refused(new ServerFrame.Error(ErrorCode.INVALID_FIELD, "bad ack", "ack", null))).isFalse();
    }

    @Test
    void submit_sharesTheFirstFuture_whenTheClientMsgIdIsAlreadyPending() {
        sends.connectionOpened();
        CompletableFuture<ServerFrame.SendAck> first = new CompletableFuture<>();
        CompletableFuture<ServerFrame.SendAck> repeat = new CompletableFuture<>();
        sends.submit(hi("m1"), first);
        sends.submit(hi("m1"), repeat);

        ServerFrame.SendAck ack = new ServerFrame.SendAck("m1", "si_alice_bob", 1, 1_000);
        sends.acknowledged(ack);

        assertThat(written).containsExactly("m1");
        assertThat(repeat).isCompletedWithValue(ack);
    }

    @Test
    void connectionLost_stopsTimers_andTheNextConnectionWritesAgain() {
        sends.connectionOpened();
        sends.submit(hi("m1"), new CompletableFuture<>());

        sends.connectionLost();
        scheduler.advance(TIMEOUT * 2);
        assertThat(written).containsExactly("m1");
        sends.connectionOpened();

        assertThat(written).containsExactly("m1", "m1");
    }

    @Test
    void recall_isTrackedLikeASend_byItsClientMsgId() {
        sends.connectionOpened();
        CompletableFuture<ServerFrame.SendAck> future = new CompletableFuture<>();
        sends.submit(new ClientFrame.Recall("r1", "si_alice_bob", 1), future);

        scheduler.advance(TIMEOUT);
        ServerFrame.SendAck ack = new ServerFrame.SendAck("r1", "si_alice_bob", 2, 1_000);
        SendTracker.PendingSend answered = sends.acknowledged(ack);

        assertThat(written).containsExactly("r1", "r1");
        assertThat(future).isCompletedWithValue(ack);
        assertThat(answered.frame).isEqualTo(new ClientFrame.Recall("r1", "si_alice_bob", 1));
    }

    @Test
    void recall_failsWithTheCode_whenRefusedAsTooLate() {
        sends.connectionOpened();
        CompletableFuture<ServerFrame.SendAck> future = new CompletableFuture<>();
        sends.submit(new ClientFrame.Recall("r1", "si_alice_bob", 1), future);

        sends.refused(new ServerFrame.Error(ErrorCode.TOO_LATE, "the 2 min window has passed", "r1", null));

        assertThat(catchThrowable(future::join)).cause().isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LATE));
        assertThat(sends.size()).isZero();
    }

    @Test
    void submit_refusesAFrameThatGetsNoSendAck() {
        assertThat(catchThrowable(() -> sends.submit(new ClientFrame.Read("si_alice_bob", 1), new CompletableFuture<>())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ClientFrame.Send hi(String clientMsgId) {
        return new ClientFrame.Send(clientMsgId, "bob", null, "hi");
    }
}
