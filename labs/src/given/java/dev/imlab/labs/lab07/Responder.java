package dev.imlab.labs.lab07;

import dev.imlab.bus.Trace;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The consumer side: one thread polls Kafka, and a handler answers each message after a call to
 * the {@link ProfileStore}.
 *
 * <p>With {@link PipelineSettings#handlerThreads()} 0 the poll thread runs the handler itself,
 * message after message, and polls again only when the whole batch is handled. With more, each
 * conversation's messages go to one single-threaded executor, picked by the conversation's hash,
 * so a conversation's replies keep their order while different conversations are handled at once
 * (how Netty's {@code EventExecutorGroup} keeps a channel on one thread).
 */
final class Responder implements AutoCloseable {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ProfileStore profiles;
    private final Edge edge;
    private final ExecutorService[] handlers;
    private final Consumer<Throwable> onFailure;
    private final Thread poller = new Thread(this::poll, "lab07-consumer-poll");
    private volatile boolean running = true;

    /** @param consumer assigned its partitions already; from {@link #start} on, only the poll thread uses it */
    Responder(PipelineSettings settings, KafkaConsumer<String, byte[]> consumer, ProfileStore profiles, Edge edge,
              Consumer<Throwable> onFailure) {
        this.consumer = consumer;
        this.profiles = profiles;
        this.edge = edge;
        this.onFailure = onFailure;
        this.handlers = new ExecutorService[settings.handlerThreads()];
        for (int i = 0; i < handlers.length; i++) {
            handlers[i] = Executors.newSingleThreadExecutor(r -> daemon(r, "lab07-handler"));
        }
        poller.setDaemon(true);
    }

    void start() {
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                long polled = Trace.nowMicros(); // for the whole batch: a record handled late waited after the poll
                for (ConsumerRecord<String, byte[]> record : records) {
                    Stamps message = Stamps.fromBytes(record.value())
                            .set(Stamps.BROKER_APPENDED, record.timestamp() * 1_000) // LogAppendTime, in ms
                            .set(Stamps.POLLED, polled);
                    dispatch(message);
                }
            }
        } catch (WakeupException closing) {
            // close() wants the poll thread to stop
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    private void dispatch(Stamps message) {
        if (handlers.length == 0) {
            handle(message);
        } else {
            handlers[Math.floorMod(message.conversationId().hashCode(), handlers.length)].execute(() -> handle(message));
        }
    }

    private void handle(Stamps message) {
        try {
            message.now(Stamps.HANDLER_STARTED);
            profiles.displayName(message.conversationId());
            edge.reply(message.now(Stamps.HANDLER_DONE));
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(TimeUnit.SECONDS.toMillis(10));
        for (ExecutorService h : handlers) {
            h.shutdownNow();
        }
        consumer.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
