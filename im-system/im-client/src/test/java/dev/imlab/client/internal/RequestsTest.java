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

class RequestsTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<ClientFrame> written = new ArrayList<>();
    private final Requests requests = new Requests(scheduler, written::add, new Backoff(100, 100, new Random(1)));

    @Test
    void answers_matchRequestsByOrder_perType() {
        requests.connectionOpened();
        CompletableFuture<ServerFrame.PullResult> first = requests.pull(pull(1));
        CompletableFuture<ServerFrame.PullResult> second = requests.pull(pull(5));

        assertThat(requests.nextPull().future()).isSameAs(first);
        assertThat(requests.nextPull().future()).isSameAs(second);
        assertThat(requests.nextPull()).isNull();
    }

    @Test
    void refused_failsTheOldestRequestOfTheRefType() {
        requests.connectionOpened();
        CompletableFuture<ServerFrame.PullResult> pull = requests.pull(pull(1));
        CompletableFuture<List<ServerFrame.ConversationState>> sync = requests.sync();

        boolean handled = requests.refused(new ServerFrame.Error(ErrorCode.NOT_MEMBER, "not in g1", "pull", null));

        assertThat(handled).isTrue();
        assertThat(catchThrowable(pull::join)).cause().isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_MEMBER));
        assertThat(sync).isNotDone();
    }

    @Test
    void refused_writesTheSameRequestAgainLater_whenRetriable() {
        requests.connectionOpened();
        CompletableFuture<ServerFrame.PullResult> pull = requests.pull(pull(1));

        requests.refused(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "slow down", "pull", 200L));
        scheduler.advance(200);

        assertThat(written).containsExactly(pull(1), pull(1));
        assertThat(pull).isNotDone();
        assertThat(requests.nextPull().future()).isSameAs(pull);
    }

    @Test
    void connectionLost_failsEveryRequestWithItsCause() {
        requests.connectionOpened();
        CompletableFuture<Void> ping = requests.ping();

        requests.connectionLost(ErrorCode.UNAVAILABLE.exception("gone"));

        assertThat(catchThrowable(ping::join)).cause().isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void submit_failsAtOnce_whenNotConnected() {
        CompletableFuture<List<ServerFrame.ConversationState>> sync = requests.sync();

        assertThat(sync).isCompletedExceptionally();
        assertThat(written).isEmpty();
    }

    private static ClientFrame.Pull pull(long fromSeq) {
        return new ClientFrame.Pull("si_alice_bob", fromSeq, fromSeq + 3, 200);
    }
}
