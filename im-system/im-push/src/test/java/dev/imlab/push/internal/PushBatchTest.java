package dev.imlab.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.StoredRecord;
import dev.imlab.bus.Topics;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import dev.imlab.push.fanout.FanoutPlanner;
import dev.imlab.push.fanout.Recipients;
import dev.imlab.routing.GatewayRegistry;
import dev.imlab.routing.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The fan-out of group messages: how many Redis round trips and Kafka records one poll costs.
 * Redis replies are held until the pushing thread waits for them, so a round trip is counted,
 * not timed.
 */
class PushBatchTest {
    private static final String SENDER = "m.0";
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    /** Members m.0 .. m.(size-1), even ones on gw-a, odd ones on gw-b; the sender also has a laptop on gw-b. */
    private static Map<String, Map<String, String>> routesOf(List<String> members) {
        Map<String, Map<String, String>> routes = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            routes.put(members.get(i), new HashMap<>(Map.of("phone", i % 2 == 0 ? "gw-a" : "gw-b")));
        }
        routes.get(SENDER).put("laptop", "gw-b");
        return routes;
    }

    private static List<String> membersOf(int size) {
        List<String> members = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            members.add("m." + i);
        }
        return members;
    }

    private static StoredRecord groupMessage(String groupId, long seq) {
        return new StoredRecord(new Message(ConversationId.group(groupId).value(), seq, SENDER, "hi " + seq,
                "c" + seq, 1L, groupId), "phone");
    }

    /** Pushes the batch on a thread of its own; each time that thread waits with replies held is one round trip. */
    private int roundTrips(HeldRedis redis, Recipients recipients, List<StoredRecord> batch) throws Exception {
        PushBatch push = new PushBatch(recipients, new RouteTable(redis.connection()),
                new LiveGateways(new GatewayRegistry(redis.connection()), Duration.ZERO), new FanoutPlanner(), producer);
        FutureTask<Void> task = new FutureTask<>(() -> {
            push.push(batch);
            return null;
        });
        Thread pusher = new Thread(task, "pusher");
        pusher.start();
        int rounds = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!task.isDone()) {
            Thread.State state = pusher.getState();
            if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) && redis.holdsReplies()) {
                rounds++;
                redis.answerHeld();
            }
            assertThat(System.nanoTime()).as("push did not finish").isLessThan(deadline);
            Thread.onSpinWait();
        }
        task.get();
        return rounds;
    }

    private int roundTripsForOneMessage(int groupSize) throws Exception {
        List<String> members = membersOf(groupSize);
        HeldRedis redis = new HeldRedis(routesOf(members), Set.of("gw-a", "gw-b"));
        int rounds = roundTrips(redis, conversation -> members, List.of(groupMessage("g1", 1)));
        assertThat(redis.hgetalls()).isEqualTo(groupSize);
        return rounds;
    }

    private List<GatewayCommand> commandsTo(String gatewayId) {
        List<GatewayCommand> found = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : producer.history()) {
            if (r.topic().equals(Topics.gateway(gatewayId))) {
                found.addAll(BusCodec.readAll(r.value(), GatewayCommand[].class));
            }
        }
        return found;
    }

    @Test
    void routeLookup_takesOneRoundTrip_whateverTheGroupSize() throws Exception {
        roundTripsForOneMessage(3); // warm up: load classes before counting

        int small = roundTripsForOneMessage(3);
        int large = roundTripsForOneMessage(2_000);

        // One for all routes, two for the live gateway set (SMEMBERS, then MGET of their heartbeats).
        assertThat(small).isEqualTo(3);
        assertThat(large).isEqualTo(small);
    }

    @Test
    void batchOfMessages_toSeveralGroups_sharesOneRouteLookup() throws Exception {
        List<String> big = membersOf(2_000);
        List<String> small = big.subList(0, 10);
        HeldRedis redis = new HeldRedis(routesOf(big), Set.of("gw-a", "gw-b"));
        List<StoredRecord> batch = List.of(groupMessage("big", 1), groupMessage("small", 1), groupMessage("big", 2));

        int rounds = roundTrips(redis, c -> c.equals("sg_big") ? big : small, batch);

        assertThat(rounds).isEqualTo(3);
        assertThat(redis.hgetalls()).as("each user looked up once per batch").isEqualTo(2_000);
        assertThat(producer.history()).as("one record per gateway for the whole batch").hasSize(2);
        assertThat(commandsTo("gw-a")).as("a command per message, in batch order")
                .extracting(c -> c.message().conversationId() + "#" + c.message().seq())
                .containsExactly("sg_big#1", "sg_small#1", "sg_big#2");
    }

    @Test
    void groupMessage_becomesOneRecordPerGateway_forEveryMemberDeviceButTheSendingOne() throws Exception {
        List<String> members = membersOf(2_000);
        HeldRedis redis = new HeldRedis(routesOf(members), Set.of("gw-a", "gw-b"));

        roundTrips(redis, conversation -> members, List.of(groupMessage("g1", 7)));

        List<GatewayCommand> toA = commandsTo("gw-a");
        List<GatewayCommand> toB = commandsTo("gw-b");
        assertThat(producer.history()).hasSize(2);
        assertThat(toA).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(GatewayCommand.Kind.PUSH);
            assertThat(c.message().groupId()).isEqualTo("g1");
            assertThat(c.recipients()).hasSize(999).doesNotContain(new DeviceRef(SENDER, "phone"));
        });
        assertThat(toB).singleElement().satisfies(c ->
                assertThat(c.recipients()).hasSize(1_001).contains(new DeviceRef(SENDER, "laptop")));
    }

    @Test
    void aBatchTooLargeForOneRecord_goesToTheGatewayInSeveral_eachUnderKafkasLimit_inOrder() throws Exception {
        List<String> members = membersOf(2);
        HeldRedis redis = new HeldRedis(routesOf(members), Set.of("gw-a", "gw-b"));
        List<StoredRecord> batch = new ArrayList<>();
        for (long seq = 1; seq <= 1_000; seq++) { // 1,000 bodies of 4 KiB: about 4 MB for gw-b
            batch.add(new StoredRecord(new Message(ConversationId.single("m.0", "m.1").value(), seq, SENDER,
                    "x".repeat(4096), "c" + seq, 1L, null), "phone"));
        }

        roundTrips(redis, conversation -> members, batch);

        assertThat(producer.history()).hasSizeGreaterThan(1)
                .allSatisfy(r -> assertThat(r.value().length).isLessThanOrEqualTo(BusCodec.MAX_RECORD_BYTES));
        assertThat(commandsTo("gw-b")).extracting(c -> c.message().seq())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1_000).boxed().toList());
    }
}
