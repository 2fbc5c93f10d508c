package dev.imlab.bench.upstream;

import dev.imlab.bench.report.Progress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group watched from outside with Kafka's Admin client, so the watching costs the
 * watched process nothing: when the group owns partitions of a topic, and how many of the topic's
 * records it has not yet committed. A role commits a record only once its work is done (the
 * transfer: stored and handed on), so "nothing left to commit" means "all of it done".
 */
public final class GroupWatch implements AutoCloseable {
    /** How often the offsets are read; a drain's measured end is this late at most. */
    public static final Duration POLL = Duration.ofMillis(200);
    /** How often the assignment is read: its moment starts the clock of a drain. */
    private static final Duration ASSIGNMENT_POLL = Duration.ofMillis(50);

    private final Admin admin;
    private final String group;
    private final String topic;
    private Map<TopicPartition, OffsetSpec> ends;

    public GroupWatch(String bootstrap, String group, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.group = group;
        this.topic = topic;
    }

    /** Waits until a member of the group owns partitions of the topic; false if {@code alive} turned false or time ran out. */
    public boolean awaitAssigned(Duration timeout, BooleanSupplier alive) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            if (assigned()) {
                return true;
            }
            Thread.sleep(ASSIGNMENT_POLL.toMillis());
        }
        return false;
    }

    private boolean assigned() throws Exception {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(10, TimeUnit.SECONDS);
            return d.members().stream().anyMatch(m -> m.assignment().topicPartitions().stream()
                    .anyMatch(tp -> tp.topic().equals(topic)));
        } catch (ExecutionException e) {
            return false; // the group does not exist yet
        }
    }

    /**
     * Reads the offsets every {@link #POLL} until nothing is left to commit, {@code alive} turns
     * false or time runs out; the records still uncommitted then (0: caught up).
     */
    public long awaitCaughtUp(long total, Duration timeout, BooleanSupplier alive, String label) throws Exception {
        Progress progress = new Progress(label);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long left = uncommitted();
        while (left > 0 && System.nanoTime() < deadline && alive.getAsBoolean()) {
            Thread.sleep(POLL.toMillis());
            left = uncommitted();
            long done = total - left;
            progress.show((double) done / Math.max(1, total), Duration.ofNanos(System.nanoTime() - start),
                    () -> done + " of " + total + " committed");
        }
        progress.done();
        return left;
    }

    /** End offset minus committed offset, summed over the topic's partitions. */
    public long uncommitted() throws Exception {
        if (ends == null) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            ends = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long left = 0;
        for (var e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            left += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return left;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
