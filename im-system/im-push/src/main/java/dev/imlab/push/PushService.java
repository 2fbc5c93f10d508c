package dev.imlab.push;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.ConsumerLoop;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.StoredRecord;
import dev.imlab.bus.Topics;
import dev.imlab.push.fanout.FanoutPlanner;
import dev.imlab.push.fanout.Recipients;
import dev.imlab.push.internal.LiveGateways;
import dev.imlab.push.internal.PushBatch;
import dev.imlab.routing.GatewayRegistry;
import dev.imlab.routing.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The push role: consumes stored messages ({@link Topics#PUSH}), finds the gateways that hold the
 * recipients' devices and hands each gateway one record. Devices with no route are offline:
 * nothing is done for them, their messages wait in storage for {@code sync} + {@code pull}.
 */
public final class PushService implements AutoCloseable {
    public static final String GROUP_ID = "im-push";
    /** Batches handed to Kafka and not yet acknowledged; the next batch's routes are looked up meanwhile. */
    static final int MAX_PENDING_BATCHES = 8;

    private final ConsumerLoop loop;
    private final KafkaProducer<String, byte[]> producer;

    /** @param routeGrace how long gateways may take to re-assert routes after Redis lost its data */
    public PushService(KafkaFactory kafka, RouteTable routes, GatewayRegistry gateways, Recipients recipients,
                       String instanceId, Duration routeGrace) {
        this.producer = kafka.producer("push-" + instanceId);
        PushBatch batch = new PushBatch(recipients, routes, new LiveGateways(gateways, routeGrace), new FanoutPlanner(), producer);
        this.loop = new ConsumerLoop("push-" + instanceId, kafka.groupConsumer(GROUP_ID, "push-" + instanceId),
                Topics.PUSH, records -> {
                    List<StoredRecord> stored = new ArrayList<>(records.count());
                    records.forEach(r -> stored.addAll(BusCodec.readAll(r.value(), StoredRecord[].class)));
                    return batch.push(stored);
                }, () -> { }, MAX_PENDING_BATCHES);
    }

    public void start() {
        loop.start();
    }

    public boolean ready() {
        return loop.assigned();
    }

    @Override
    public void close() {
        loop.close();
        producer.close();
    }
}
