package dev.imlab.bench.upstream;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.KafkaSettings;
import dev.imlab.bus.Topics;
import dev.imlab.bus.UpstreamRecord;
import dev.imlab.protocol.ConversationId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fills {@code im.upstream} as gateways do, without clients or a gateway: {@link UpstreamRecord}s
 * as {@link BusCodec} JSON, keyed by conversation, from a producer with the gateway's settings
 * ({@link KafkaFactory}). For scenarios that measure what comes after the gateway.
 *
 * <p>Conversation {@code c} is the single chat of {@code fill-s<c>} (the sender) and
 * {@code fill-r<c>}; the k-th message of a conversation carries clientMsgId {@code m<k>}. One
 * producer and one partition per conversation keep Kafka's order, so the transfer must store it as
 * seq k: {@link StoredCheck} reads that back. The transfer does not look users up (the gateway
 * does), so none are registered.
 */
public final class UpstreamFill {
    /** Records sent and not yet acknowledged: bounds the producer's buffer so a send never blocks. */
    private static final int WINDOW = 20_000;
    private static final String SENDER_DEVICE = "bench";
    /** Where the transfer sends the send_acks: a gateway topic nobody reads, as no sender is connected. */
    public static final String GATEWAY_ID = "bench-fill";

    /**
     * @param conversations each with the number of messages produced for it
     * @param seconds from the first send until Kafka acknowledged the last
     */
    public record Result(List<Conversation> conversations, long messages, int bodyBytes, double seconds) {
        public double messagesPerSecond() {
            return messages / Math.max(seconds, 0.001);
        }
    }

    /** One conversation of the fill and how many messages it got. */
    public record Conversation(String id, String sender, long messages) {
    }

    private UpstreamFill() {
    }

    /** Produces {@code messages} round-robin over {@code conversations}; returns once Kafka acknowledged them all. */
    public static Result run(String bootstrap, int messages, int conversations, int bodyBytes) throws InterruptedException {
        return run(bootstrap, messages, conversations, bodyBytes, "fill");
    }

    /** The same, between users named {@code <users>-s<c>} and {@code <users>-r<c>}: a warm-up fill does not touch the measured conversations. */
    public static Result run(String bootstrap, int messages, int conversations, int bodyBytes, String users)
            throws InterruptedException {
        List<Conversation> list = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            String sender = users + "-s" + c;
            long count = messages / conversations + (c < messages % conversations ? 1 : 0);
            list.add(new Conversation(ConversationId.single(sender, users + "-r" + c).value(), sender, count));
        }
        String body = "x".repeat(bodyBytes);
        Semaphore window = new Semaphore(WINDOW);
        AtomicReference<Exception> failure = new AtomicReference<>();
        KafkaFactory kafka = new KafkaFactory(KafkaSettings.defaults(bootstrap));
        // Created up front: the transfer's first send_ack would otherwise wait for Kafka to create it.
        kafka.ensureTopics(Set.of(Topics.gateway(GATEWAY_ID)));
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = kafka.producer("bench-fill")) {
            for (int i = 0; i < messages && failure.get() == null; i++) {
                Conversation c = list.get(i % conversations);
                long k = i / conversations + 1;
                UpstreamRecord r = new UpstreamRecord(c.sender(), SENDER_DEVICE, GATEWAY_ID, "m" + k, c.id(),
                        ConversationId.parse(c.id()).peerOf(c.sender()), null, body, System.currentTimeMillis());
                window.acquire();
                producer.send(new ProducerRecord<>(Topics.UPSTREAM, c.id(), BusCodec.write(r)), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    window.release();
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka refused a record of the fill", failure.get());
        }
        return new Result(list, messages, bodyBytes, (System.nanoTime() - start) / 1e9);
    }
}
