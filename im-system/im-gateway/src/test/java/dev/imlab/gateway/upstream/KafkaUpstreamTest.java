package dev.imlab.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.UpstreamRecord;
import dev.imlab.gateway.overload.PendingSends;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaUpstreamTest {
    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private final PendingSends pending = new PendingSends(System::nanoTime);
    private final KafkaUpstream upstream = new KafkaUpstream(producer, new AckBatcher(producer), 2, pending);

    private static UpstreamRecord send(String clientMsgId) {
        return new UpstreamRecord("alice", "phone", "gw-1", clientMsgId, "si_alice_bob", "bob", null, "hi", 0L, null);
    }

    @Test
    void aSendKafkaTook_staysPending_untilItsAnswerComes() {
        CompletableFuture<Void> sent = upstream.send(send("m1"));
        producer.completeNext();

        assertThat(sent).isCompleted();
        assertThat(pending.count()).as("Kafka has it; the transfer has not answered").isEqualTo(1);
        pending.answered("alice", "m1");
        assertThat(pending.count()).isZero();
    }

    @Test
    void aSendKafkaRefused_isNotPending_asTheGatewayAnsweredItItself() {
        CompletableFuture<Void> sent = upstream.send(send("m1"));
        producer.errorNext(new RuntimeException("broker down"));

        assertThat(sent).isCompletedExceptionally();
        assertThat(pending.count()).isZero();
    }

    @Test
    void aSendOverTheInFlightBound_isRefusedAndNotPending() {
        upstream.send(send("m1"));
        upstream.send(send("m2"));

        assertThat(upstream.send(send("m3"))).isCompletedExceptionally();
        assertThat(pending.count()).isEqualTo(2);
    }
}
