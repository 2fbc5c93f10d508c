package dev.imlab.labs.lab01;

import dev.imlab.bus.KafkaFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Gateways in miniature: each has its own producer, with the real system's settings, and sends
 * its records in order; all gateways send at the same time, as the devices connected to
 * different gateways do.
 */
final class Gateways {

    private Gateways() {
    }

    /** Returns when Kafka has every record; throws if any send failed. */
    static void sendConcurrently(KafkaFactory kafka, List<List<ProducerRecord<String, byte[]>>> recordsPerGateway)
            throws Exception {
        ExecutorService gateways = Executors.newFixedThreadPool(recordsPerGateway.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int g = 0; g < recordsPerGateway.size(); g++) {
                List<ProducerRecord<String, byte[]>> records = recordsPerGateway.get(g);
                String clientId = "lab01-gw-" + g;
                running.add(gateways.submit(() -> {
                    try (KafkaProducer<String, byte[]> producer = kafka.producer(clientId)) {
                        List<Future<RecordMetadata>> acks = new ArrayList<>();
                        for (ProducerRecord<String, byte[]> r : records) {
                            acks.add(producer.send(r));
                        }
                        for (Future<RecordMetadata> ack : acks) {
                            ack.get();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> gateway : running) {
                gateway.get(30, TimeUnit.SECONDS);
            }
        } finally {
            gateways.shutdownNow();
        }
    }
}
