package dev.imlab.bus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records one batch produces, and one future for all of them: it completes when Kafka has
 * acknowledged every record sent through here, or fails with the first refusal. A batch's Kafka
 * offsets may be committed once it completed.
 */
public final class Sends {
    private final Producer<String, byte[]> producer;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Records not yet acknowledged, plus one while the batch may still send more. */
    private final AtomicInteger outstanding = new AtomicInteger(1);

    public Sends(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public void send(ProducerRecord<String, byte[]> record) {
        outstanding.incrementAndGet();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    acknowledged();
                }
            });
        } catch (RuntimeException e) { // metadata wait timed out, producer closed
            done.completeExceptionally(e);
        }
    }

    /** The items as few records of a JSON array as {@link BusCodec#writeAll} allows, to one partition (null: any). */
    public void sendAll(String topic, Integer partition, List<?> items) {
        for (BusCodec.Chunk<?> chunk : BusCodec.writeAll(items)) {
            send(new ProducerRecord<>(topic, partition, null, chunk.value()));
        }
    }

    /** No more records will be sent; the future completes once the ones sent are acknowledged. */
    public CompletableFuture<Void> sealed() {
        acknowledged();
        return done;
    }

    private void acknowledged() {
        if (outstanding.decrementAndGet() == 0) {
            done.complete(null);
        }
    }
}
