package dev.imlab.push;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.ConsumerLoop;
import dev.imlab.bus.ConsumerRole;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.StoredRecord;
import dev.imlab.bus.Topics;
import dev.imlab.push.fanout.Fanout;
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
public final class PushService extends ConsumerRole {
    public static final String GROUP_ID = Topics.PUSH_GROUP;
    /** Batches handed to Kafka and not yet acknowledged; the next batch's routes are looked up meanwhile. */
    static final int MAX_PENDING_BATCHES = 8;

    private final PushBatch batch;

    /**
     * @param routeGrace how long gateways may take to re-assert routes after Redis lost its data
     * @param notifyOffline queue a notification on {@link Topics#NOTIFY} for every member user without a
     *     connected device (the offline webhook is set)
     */
    public PushService(KafkaFactory kafka, RouteTable routes, GatewayRegistry gateways, Recipients recipients,
                       String instanceId, Duration routeGrace, boolean notifyOffline) {
        this(kafka, routes, gateways, recipients, instanceId, routeGrace, notifyOffline, null);
    }

    /**
     * @param fanout plans each message's push; null: the push role's own ({@link FanoutPlanner}), or
     *     one of your own, for example the planner you wrote in lab05
     */
    public PushService(KafkaFactory kafka, RouteTable routes, GatewayRegistry gateways, Recipients recipients,
                       String instanceId, Duration routeGrace, boolean notifyOffline, Fanout fanout) {
        this(kafka, instanceId, routes, new LiveGateways(gateways, routeGrace), recipients,
                kafka.producer("push-" + instanceId), notifyOffline, fanout != null ? fanout : new FanoutPlanner());
    }

    private PushService(KafkaFactory kafka, String instanceId, RouteTable routes, LiveGateways live, Recipients recipients,
                        KafkaProducer<String, byte[]> producer, boolean notifyOffline, Fanout fanout) {
        this(kafka, instanceId, new PushBatch(recipients, routes, live, fanout, producer, notifyOffline), producer);
    }

    private PushService(KafkaFactory kafka, String instanceId, PushBatch batch, KafkaProducer<String, byte[]> producer) {
        super(loop(kafka, instanceId, batch), producer);
        this.batch = batch;
    }

    /** Offline notifications handed to Kafka since start. */
    public long notificationsQueued() {
        return batch.notificationsQueued();
    }

    private static ConsumerLoop loop(KafkaFactory kafka, String instanceId, PushBatch batch) {
        return new ConsumerLoop("push-" + instanceId, kafka.groupConsumer(GROUP_ID, "push-" + instanceId), Topics.PUSH,
                records -> {
                    List<StoredRecord> stored = new ArrayList<>(records.count());
                    records.forEach(r -> stored.addAll(BusCodec.readAll(r.value(), StoredRecord[].class)));
                    return batch.push(stored);
                }, () -> { }, MAX_PENDING_BATCHES);
    }
}
