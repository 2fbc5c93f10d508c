package dev.imlab.bus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poll, process, commit, with the next poll's work overlapping the last one's hand-off. The order
 * that makes the guarantee:
 *
 * <ol>
 * <li>the processor does the durable part of a batch before it returns (the transfer stores
 *     it), and hands back a stage for the rest (Kafka acknowledging what it produced);
 * <li>the loop polls and processes the next batch while that stage is open, up to
 *     {@code maxPending} batches, so storage work never waits for Kafka's acknowledgements;
 * <li>offsets are committed only for the oldest batches whose stages all completed, in order, and
 *     at most every 100 ms: a committed offset never covers a record whose work might still be lost;
 * <li>on any failure, everything not yet committed is read again: the loop resets the processor,
 *     seeks every partition back to its first uncommitted record and backs off. The processor
 *     must be idempotent (the transfer is, through dedupe; the confirm role, through {@code $max}).
 * </ol>
 *
 * <p>Back-pressure comes for free: while MongoDB or Kafka refuses, the loop keeps rewinding and
 * nothing is committed, and the records wait in Kafka.
 */
public final class ConsumerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2_000;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** How long an idle loop waits on its oldest open batch before polling again. */
    private static final long IDLE_WAIT_MS = 2;
    /** How long a rebalance waits for open batches before giving their partitions up uncommitted. */
    private static final long REVOKE_WAIT_MS = 5_000;
    /**
     * Completed offsets are committed at most this often: a commit per batch was hundreds of
     * requests a second at 2,000 msg/s. A crash reads at most this much again, which the
     * processors tolerate anyway.
     */
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Processes one poll's records; throws, or fails the stage, to have them read again. */
    public interface Processor {
        CompletionStage<?> process(ConsumerRecords<String, byte[]> records) throws Exception;
    }

    /** A batch processed, and what its commit waits for. */
    private record Open(Map<TopicPartition, Long> first, Map<TopicPartition, OffsetAndMetadata> next,
                        CompletableFuture<?> done) {
    }

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Processor processor;
    private final Runnable onReset;
    private final int maxPending;
    private final Thread thread;
    private final ArrayDeque<Open> open = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetAndMetadata> completed = new HashMap<>();
    private long lastCommitNanos = System.nanoTime();
    private volatile boolean running = true;
    private volatile boolean assigned;
    /** Partitions this member owns now, for the cluster's figures: a rebalance shows as a change here. */
    private volatile int owned;
    private long backoff = MIN_BACKOFF_MS;

    /**
     * @param maxPending batches whose hand-off may be open at once; 1 waits for each before the next poll
     * @param onReset called on the loop's thread whenever what the processor cached may be wrong: a
     *        failed batch, a rebalance
     */
    public ConsumerLoop(String name, Consumer<String, byte[]> consumer, String topic, Processor processor,
                        Runnable onReset, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
        }
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.processor = processor;
        this.onReset = onReset;
        this.maxPending = maxPending;
        this.thread = new Thread(this::run, name);
    }

    public void start() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                settleBeforeHandingOver();
                onReset.run();
                owned = ownedWithout(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                onReset.run();
                Set<TopicPartition> now = new HashSet<>(consumer.assignment());
                now.addAll(partitions); // eager and cooperative assignors differ in what assignment() holds here
                owned = now.size();
                assigned = true;
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                open.clear(); // someone else owns them now: nothing of ours may be committed for them
                completed.clear();
                onReset.run();
                owned = ownedWithout(partitions);
            }
        });
        thread.start();
    }

    public boolean assigned() {
        return assigned;
    }

    /** How many partitions of its topic this member owns now (0 before it joined, and after it left). */
    public int partitions() {
        return owned;
    }

    private int ownedWithout(Collection<TopicPartition> gone) {
        Set<TopicPartition> now = new HashSet<>(consumer.assignment());
        now.removeAll(gone);
        return now.size();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(open.isEmpty() ? POLL_TIMEOUT : Duration.ZERO);
                if (!records.isEmpty()) {
                    submit(records);
                } else if (!open.isEmpty()) {
                    awaitOldest(IDLE_WAIT_MS);
                }
                commitCompleted();
                while (open.size() >= maxPending && running) {
                    awaitOldest(POLL_TIMEOUT.toMillis());
                    commitCompleted();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            log.error("{}: consumer loop stopped", name, e);
        } finally {
            settleBeforeHandingOver();
            // Static members stay in their group on close unless told: a stop, unlike a crash, hands
            // the partitions over at once.
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            owned = 0;
        }
    }

    private void submit(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            first.put(partition, list.get(0).offset());
            next.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        CompletableFuture<?> done;
        try {
            done = processor.process(records).toCompletableFuture();
        } catch (WakeupException e) {
            throw e;
        } catch (Exception e) {
            done = CompletableFuture.failedFuture(e);
        }
        open.add(new Open(first, next, done));
    }

    private void awaitOldest(long ms) {
        try {
            open.peek().done().get(ms, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still open, or failed: commitCompleted() looks at it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Commits the completed prefix of the open batches, now and then; on the first failed one, rewinds. */
    private void commitCompleted() {
        while (!open.isEmpty() && open.peek().done().isDone()) {
            Open batch = open.peek();
            if (batch.done().isCompletedExceptionally()) {
                rewind(failureOf(batch));
                return;
            }
            open.poll();
            completed.putAll(batch.next());
            backoff = MIN_BACKOFF_MS;
        }
        long now = System.nanoTime();
        if (!completed.isEmpty() && now - lastCommitNanos >= COMMIT_INTERVAL_NANOS) {
            lastCommitNanos = now;
            // Asynchronous: a lost commit only means records read again, which the processor tolerates.
            consumer.commitAsync(new HashMap<>(completed), (offsets, e) -> {
                if (e != null) {
                    log.debug("{}: commit of {} failed, those records will be read again: {}", name, offsets, e.toString());
                }
            });
            completed.clear();
        }
    }

    /** Back to the first uncommitted record of every partition we still own, with back-off. */
    private void rewind(Throwable failure) {
        Map<TopicPartition, Long> earliest = new HashMap<>();
        int records = 0;
        for (Open batch : open) {
            batch.first().forEach((partition, offset) -> earliest.merge(partition, offset, Math::min));
            records++;
        }
        open.clear();
        log.warn("{}: {} open batch(es) failed, rewinding and retrying in {} ms: {}", name, records, backoff, failure.toString());
        onReset.run();
        earliest.forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }

    /**
     * Before partitions go to another member (or the loop stops): waits a while for the open
     * batches, commits what completed, and forgets the rest, which the next owner reads again.
     */
    private void settleBeforeHandingOver() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REVOKE_WAIT_MS);
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>(completed);
        completed.clear();
        while (!open.isEmpty()) {
            Open batch = open.poll();
            try {
                batch.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                commit.putAll(batch.next());
            } catch (Exception e) {
                open.clear();
                break;
            }
        }
        if (!commit.isEmpty()) {
            try {
                consumer.commitSync(commit);
            } catch (RuntimeException e) {
                log.debug("{}: final commit failed, those records will be read again: {}", name, e.toString());
            }
        }
    }

    private static Throwable failureOf(Open batch) {
        try {
            batch.done().join();
            return new IllegalStateException("not failed");
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the loop to stop without waiting for it: a role stops all its loops at once, then waits ({@link #close}). */
    public synchronized void stop() {
        if (running) {
            running = false;
            consumer.wakeup();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
