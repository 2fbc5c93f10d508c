package dev.imlab.server.parts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.gateway.metrics.GatewayStats;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import dev.imlab.server.v2.Metrics;
import dev.imlab.storage.Storage;
import dev.imlab.testsupport.MutableClock;
import dev.imlab.transfer.expiry.PageReaper;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

/**
 * A {@link PageReaper} bean does the transfer's expiry passes (lab09's seam): a small reaper of
 * its own over the server's storage, which counts what it deleted. The server's clock is a
 * {@link MutableClock}, the TTL 10 s, and the reaper runs every (real) second.
 */
class PageReaperPartTest {
    private static final MutableClock CLOCK = new MutableClock();
    private static final AtomicLong DELETED = new AtomicLong();
    @AutoClose
    private static TestServer server;

    /** Not a {@code @Configuration}: the server scans {@code dev.imlab.server}, and these beans are for this test's server only. */
    static class SubstituteBeans {
        @Bean
        PageReaper counting(Storage storage) {
            return (maxSeqs, now, deleted) -> {
                long total = 0;
                for (Map.Entry<String, Long> e : storage.expiry().minSeqs(maxSeqs, now).entrySet()) {
                    long n = storage.messages().delete(e.getKey(), 1, e.getValue() - 1);
                    storage.expiry().raise(e.getKey(), e.getValue());
                    deleted.accept(n);
                    DELETED.addAndGet(n);
                    total += n;
                }
                return total;
            };
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startWith(CLOCK, SubstituteBeans.class, "imlab.retention.message-ttl=10s",
                "imlab.retention.reap-interval=1s");
    }

    @Test
    void expiredMessages_areDeletedByThePageReaperBean_andCountedOnMetrics() throws InterruptedException {
        Metrics metrics = new Metrics(server);
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        try (RawSocket alicePhone = server.raw(alice, "phone")) {
            for (int i = 1; i <= 3; i++) {
                alicePhone.send("{\"type\":\"send\",\"clientMsgId\":\"m" + i + "\",\"to\":\"" + bob + "\",\"body\":\"hi\"}");
                alicePhone.next(f -> f instanceof ServerFrame.SendAck);
            }
        }
        CLOCK.advance(Duration.ofSeconds(11));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (metrics.value("imlab_expiry_reclaimed_total") < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling the server's figure: the passes run on their own timer
        }

        assertThat(metrics.value("imlab_expiry_reclaimed_total")).as(GatewayStats.EXPIRED_RECLAIMED).isEqualTo(3);
        assertThat(DELETED.get()).as("deleted by the PageReaper bean").isEqualTo(3);
    }
}
