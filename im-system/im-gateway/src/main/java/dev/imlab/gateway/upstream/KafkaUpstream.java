package dev.imlab.gateway.upstream;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.BusCodec;
import dev.imlab.bus.Topics;
import dev.imlab.bus.UpstreamRecord;
import dev.imlab.gateway.overload.PendingSends;
import dev.imlab.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Upstream through Kafka, with a bound on sends in flight: when Kafka is slow or down, the bound
 * fills and new sends are refused with {@code UNAVAILABLE} at once, instead of piling up in memory
 * or blocking an event loop. Acks go through an {@link AckBatcher}. Every send Kafka takes is
 * {@link PendingSends pending} until the transfer's answer comes back: what the gateway's load
 * shedding watches, as this bound empties in milliseconds even while the transfer is far behind.
 */
public final class KafkaUpstream implements Upstream {
    private final Producer<String, byte[]> producer;
    private final AckBatcher acks;
    private final Semaphore inFlight;
    private final PendingSends pending;

    public KafkaUpstream(Producer<String, byte[]> producer, AckBatcher acks, int maxInFlight, PendingSends pending) {
        this.producer = producer;
        this.acks = acks;
        this.inFlight = new Semaphore(maxInFlight);
        this.pending = pending;
    }

    @Override
    public CompletableFuture<Void> send(UpstreamRecord record) {
        pending.handedOn(record.senderId(), record.clientMsgId());
        CompletableFuture<Void> sent = publish(new ProducerRecord<>(Topics.UPSTREAM, record.conversationId(),
                BusCodec.write(record)));
        // Refused here: the device gets UNAVAILABLE from this gateway, and no answer will come back.
        sent.whenComplete((v, error) -> {
            if (error != null) {
                pending.answered(record.senderId(), record.clientMsgId());
            }
        });
        return sent;
    }

    /** Taken into the next batch; Kafka's refusals are retried there, not reported to the device. */
    @Override
    public CompletableFuture<Void> ack(AckRecord record) {
        acks.add(record);
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> publish(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!inFlight.tryAcquire()) {
            done.completeExceptionally(ErrorCode.UNAVAILABLE.exception("too many messages waiting for Kafka; retry later"));
            return done;
        }
        try {
            producer.send(record, (metadata, error) -> {
                inFlight.release();
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(ErrorCode.UNAVAILABLE.exception("Kafka did not take the message: " + error));
                }
            });
        } catch (RuntimeException e) { // metadata wait timed out, producer closed
            inFlight.release();
            done.completeExceptionally(ErrorCode.UNAVAILABLE.exception("Kafka did not take the message: " + e));
        }
        return done;
    }
}
