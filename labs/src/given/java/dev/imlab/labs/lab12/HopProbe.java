package dev.imlab.labs.lab12;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.Topics;
import dev.imlab.bus.Trace;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The dashboard's hop table over an exact span of time: a second reader of the gateway's own
 * topic, with the consumer settings the gateway's reader has (the server's {@link KafkaFactory}),
 * that reads each push's trace as the gateway does when it delivers it (im-gateway's
 * {@code HopTimers}). The dashboard's own figures decay over a minute and include the start-up;
 * the test needs the hops of the messages sent in its window, and no others.
 */
final class HopProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<Hop, Latencies> hops = new EnumMap<>(Hop.class);
    private volatile long startMicros = Long.MAX_VALUE;
    private volatile long endMicros = Long.MAX_VALUE;
    private volatile boolean running = true;

    HopProbe(KafkaFactory kafka, String gatewayId) {
        this.consumer = kafka.standaloneConsumer("lab12-probe");
        TopicPartition partition = new TopicPartition(Topics.gateway(gatewayId), 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        for (Hop hop : Hop.values()) {
            if (hop != Hop.DEVICE_LINK) {
                hops.put(hop, new Latencies());
            }
        }
        this.thread = new Thread(this::run, "hop-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Counts the hops of the messages that gateways read from now on... */
    void start() {
        startMicros = Trace.nowMicros();
    }

    /** ...until now (those on their way go on counting when they arrive). */
    void end() {
        endMicros = Trace.nowMicros();
    }

    /** The hops of the window's messages that arrived so far. */
    Map<Hop, Latencies> hops() {
        return hops;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = Trace.nowMicros();
                    for (GatewayCommand command : BusCodec.readAll(record.value(), GatewayCommand[].class)) {
                        Trace t = command.trace();
                        if (command.kind() == GatewayCommand.Kind.PUSH && t != null && t.pushIn() != 0
                                && t.gatewayIn() >= startMicros && t.gatewayIn() < endMicros) {
                            hops.get(Hop.GATEWAY_TO_TRANSFER).add(t.transferIn() - t.gatewayIn());
                            hops.get(Hop.TRANSFER_TO_STORED).add(t.stored() - t.transferIn());
                            hops.get(Hop.STORED_TO_PUSH).add(t.pushIn() - t.stored());
                            hops.get(Hop.PUSH_TO_GATEWAY).add(now - t.pushIn());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
