package dev.imlab.labs.lab01;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.KafkaSettings;
import dev.imlab.bus.UpstreamRecord;
import dev.imlab.embedded.EmbeddedKafka;
import dev.imlab.labs.lab01.MiniTransfer.Numbered;
import dev.imlab.protocol.ConversationId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka key decides which partition, and so which transfer instance, numbers a message. With a
 * real broker: the conversation key gives each conversation one writer and one order; the sender
 * key and a random key do not.
 *
 * <p>Two transfer instances share the topic as a consumer group would split it: one owns the even
 * partitions, the other the odd ones. Each numbers the conversations it reads on its own.
 */
@Tag("lab01")
@Timeout(120)
class PartitioningTest {
    /** The real topics' partition count (KafkaSettings.defaults). */
    private static final int PARTITIONS = 8;
    private static final List<Integer> EVEN = List.of(0, 2, 4, 6);
    private static final List<Integer> ODD = List.of(1, 3, 5, 7);
    private static final List<Integer> ALL = List.of(0, 1, 2, 3, 4, 5, 6, 7);

    /** One fresh topic per test, all created up front so that their partitions have leaders before the first send. */
    private static final String PARTITION_TOPIC = "lab01.partition";
    private static final String CONVERSATION_TOPIC = "lab01.conversation-key";
    private static final String SENDER_TOPIC = "lab01.sender-key";
    private static final String RANDOM_TOPIC = "lab01.random-key";

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static KafkaFactory factory;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(dir, 0);
        factory = new KafkaFactory(KafkaSettings.defaults(kafka.bootstrapServers()));
        createTopics(PARTITION_TOPIC, CONVERSATION_TOPIC, SENDER_TOPIC, RANDOM_TOPIC);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void partitionOf_isThePartitionTheBrokerPutTheRecordIn() throws Exception {
        try (KafkaProducer<String, byte[]> producer = factory.producer("lab01-partitions")) {
            for (int i = 0; i < 40; i++) {
                String key = ConversationId.single("user" + i, "zoe").value();
                int expected = Routing.partitionOf(key, PARTITIONS);

                RecordMetadata stored = producer.send(new ProducerRecord<>(PARTITION_TOPIC, key, new byte[0])).get();

                assertThat(stored.partition()).as("partition of key %s", key).isEqualTo(expected);
            }
        }
    }

    @Test
    void conversationKey_givesEachConversationOneWriter_andKeepsEverySendersOrder() throws Exception {
        List<String> users = List.of("alice", "bob", "carol", "dave", "erin", "frank");
        List<List<ProducerRecord<String, byte[]>>> perGateway =
                List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int u = 0; u < users.size(); u++) {
            String from = users.get(u);
            for (int i = 0; i < 20; i++) {
                String to = users.get((u + 1 + i % 3) % users.size()); // three peers each, so chats have two senders
                perGateway.get(u % 3).add(record(CONVERSATION_TOPIC, KeyChoice.CONVERSATION, send(from, to, i)));
            }
        }

        Gateways.sendConcurrently(factory, perGateway);
        List<Numbered> numbered = new ArrayList<>(MiniTransfer.numberAll(kafka.bootstrapServers(), CONVERSATION_TOPIC, EVEN));
        numbered.addAll(MiniTransfer.numberAll(kafka.bootstrapServers(), CONVERSATION_TOPIC, ODD));

        assertThat(numbered).hasSize(120);
        Map<String, List<Numbered>> byConversation = byConversation(numbered);
        for (Map.Entry<String, List<Numbered>> c : byConversation.entrySet()) {
            List<Long> seqs = c.getValue().stream().map(Numbered::seq).sorted().collect(Collectors.toList());
            assertThat(seqs).as("seqs of %s: 1, 2, 3, ... from a single writer", c.getKey())
                    .containsExactlyElementsOf(oneTo(seqs.size()));
            assertThat(c.getValue().stream().map(Numbered::partition).distinct())
                    .as("partitions of %s", c.getKey()).hasSize(1);
            for (String sender : users) {
                List<Integer> inSeqOrder = c.getValue().stream().filter(n -> n.senderId().equals(sender))
                        .sorted(Comparator.comparingLong(Numbered::seq)).map(Numbered::index)
                        .collect(Collectors.toList());
                assertThat(inSeqOrder).as("%s's messages in %s, in seq order", sender, c.getKey()).isSorted();
            }
        }
    }

    @Test
    void senderKey_givesAChatTwoWriters_thatHandOutTheSameSeqs() throws Exception {
        List<String> chat = twoSendersWhoseKeysTwoTransfersOwn();
        String a = chat.get(0);
        String b = chat.get(1);
        List<ProducerRecord<String, byte[]>> fromA = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> fromB = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fromA.add(record(SENDER_TOPIC, KeyChoice.SENDER, send(a, b, i)));
            fromB.add(record(SENDER_TOPIC, KeyChoice.SENDER, send(b, a, i)));
        }

        Gateways.sendConcurrently(factory, List.of(fromA, fromB));
        List<Numbered> numbered = new ArrayList<>(MiniTransfer.numberAll(kafka.bootstrapServers(), SENDER_TOPIC, EVEN));
        numbered.addAll(MiniTransfer.numberAll(kafka.bootstrapServers(), SENDER_TOPIC, ODD));

        List<Long> seqs = numbered.stream().map(Numbered::seq).collect(Collectors.toList());
        assertThat(seqs).as("seqs handed out in %s by two transfers", ConversationId.single(a, b)).hasSize(20);
        assertThat(seqs.stream().filter(s -> s == 1)).as("how many messages got seq 1").hasSize(2);
        assertThat(new HashSet<>(seqs)).as("distinct seqs among 20 messages").hasSize(10);
    }

    @Test
    void randomKey_scattersEvenOneSendersMessages_andLosesTheirOrder() throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(record(RANDOM_TOPIC, KeyChoice.RANDOM, send("alice", "bob", i)));
        }

        Gateways.sendConcurrently(factory, List.of(records));
        List<Numbered> numbered = MiniTransfer.numberAll(kafka.bootstrapServers(), RANDOM_TOPIC, ALL);

        assertThat(numbered.stream().map(Numbered::partition).distinct().count())
                .as("partitions alice's 40 messages landed in").isGreaterThan(1);
        List<Integer> inSeqOrder = numbered.stream().sorted(Comparator.comparingLong(Numbered::seq))
                .map(Numbered::index).collect(Collectors.toList());
        assertThat(inSeqOrder).as("alice's messages in seq order, one transfer reading every partition")
                .isNotEqualTo(IntStream.range(0, 40).boxed().collect(Collectors.toList()));
    }

    /**
     * Two users whose sender keys, as {@link KeyChoice#SENDER} makes them, land in partitions owned
     * by different transfers. Most pairs do; the fixture finds one rather than trusting a hash.
     */
    private static List<String> twoSendersWhoseKeysTwoTransfersOwn() {
        List<String> candidates = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi");
        for (String a : candidates) {
            for (String b : candidates) {
                if (a.compareTo(b) < 0 && owner(KeyChoice.SENDER.keyOf(send(a, b, 0)))
                        != owner(KeyChoice.SENDER.keyOf(send(b, a, 0)))) {
                    return List.of(a, b);
                }
            }
        }
        throw new AssertionError("KeyChoice.SENDER gives all of " + candidates
                + " partitions of the same transfer: does it key by the sender?");
    }

    /** Which transfer owns the key's partition: 0 the even ones, 1 the odd ones. Kafka's own hash, not the lab's. */
    private static int owner(String key) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS) % 2;
    }

    static UpstreamRecord send(String from, String to, int index) {
        return new UpstreamRecord(from, "phone", "gw-1", from + "-" + index, ConversationId.single(from, to).value(),
                to, null, "message " + index, 0);
    }

    private static ProducerRecord<String, byte[]> record(String topic, KeyChoice key, UpstreamRecord send) {
        return new ProducerRecord<>(topic, key.keyOf(send), BusCodec.write(send));
    }

    private static Map<String, List<Numbered>> byConversation(List<Numbered> numbered) {
        return numbered.stream()
                .collect(Collectors.groupingBy(Numbered::conversationId, TreeMap::new, Collectors.toList()));
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    /** Creates the topics and returns once every partition has a leader, so that no send has to retry. */
    private static void createTopics(String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, PARTITIONS, (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(topics).all().get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!allLed(admin.describeTopics(List.of(names)).allTopicNames().get().values())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the partitions of " + List.of(names) + " got no leader within 30 s");
                }
                Thread.onSpinWait();
            }
        }
    }

    private static boolean allLed(Collection<TopicDescription> topics) {
        for (TopicDescription t : topics) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (p.leader() == null || p.leader().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }
}
