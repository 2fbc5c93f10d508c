package dev.imlab.gateway.delivery;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.Trace;
import dev.imlab.gateway.metrics.HopTimers;
import dev.imlab.gateway.overload.PendingSends;
import dev.imlab.gateway.session.Session;
import dev.imlab.gateway.session.SessionRegistry;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this gateway's own topic and carries each command to the local connections it names.
 *
 * <p>It starts at the end of the topic: commands for connections of an earlier run of this
 * gateway have no one to go to, and those devices catch up with {@code sync} when they reconnect.
 * A command for a device that is not here (it just left) is dropped for the same reason.
 */
public final class DeliveryConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryConsumer.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final SessionRegistry registry;
    private final PushListener pushListener;
    private final PushWriting pushWriting;
    private final HopTimers hops;
    private final PendingSends pendingSends;
    private final Consumer<GatewayCommand.Revocation> revocations;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;

    /**
     * @param pendingSends told of each answer to a send of this gateway (a send_ack or a refusal)
     * @param revocations told of each {@code REVOKE}: it closes the connections of the revoked tokens
     */
    public DeliveryConsumer(KafkaConsumer<String, byte[]> consumer, String topic, SessionRegistry registry,
                            PushListener pushListener, HopTimers hops, PendingSends pendingSends,
                            Consumer<GatewayCommand.Revocation> revocations) {
        this(consumer, topic, registry, pushListener, PushWriting.SLOW_READER_GRACE, hops, pendingSends, revocations);
    }

    /** @param pushWriting writes each push, or declines to for a device that stopped reading */
    public DeliveryConsumer(KafkaConsumer<String, byte[]> consumer, String topic, SessionRegistry registry,
                            PushListener pushListener, PushWriting pushWriting, HopTimers hops,
                            PendingSends pendingSends, Consumer<GatewayCommand.Revocation> revocations) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic, 0);
        this.registry = registry;
        this.pushListener = pushListener;
        this.pushWriting = pushWriting;
        this.hops = hops;
        this.pendingSends = pendingSends;
        this.revocations = revocations;
        this.thread = new Thread(this::run, "delivery-" + topic);
    }

    public void start() {
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition); // resolve "end" now, before any device can connect
        ready = true;
        thread.start();
    }

    public boolean ready() {
        return ready;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                Deliveries deliveries = new Deliveries();
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        for (GatewayCommand command : BusCodec.readAll(record.value(), GatewayCommand[].class)) {
                            plan(command, deliveries);
                        }
                    } catch (RuntimeException e) {
                        log.warn("cannot deliver command at offset {}: {}", record.offset(), e.toString());
                    }
                }
                deliveries.run();
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Delivers one command by itself; a poll's commands go through {@link Deliveries} together. */
    void deliver(GatewayCommand command) {
        Deliveries deliveries = new Deliveries();
        plan(command, deliveries);
        deliveries.run();
    }

    private void plan(GatewayCommand command, Deliveries deliveries) {
        if (command.kind() == GatewayCommand.Kind.PUSH) {
            hops.delivered(command.trace(), Trace.nowMicros());
        } else if (command.kind() == GatewayCommand.Kind.SEND_ACK) {
            // Answered, whether or not the sender is still here to be told.
            pendingSends.answered(command.message().from(), command.message().clientMsgId());
        } else if (command.kind() == GatewayCommand.Kind.ERROR) {
            command.recipients().forEach(d -> pendingSends.answered(d.userId(), command.refusal().ref()));
        }
        if (command.kind() == GatewayCommand.Kind.REVOKE) {
            revocations.accept(command.revocation()); // names no devices: every connection of the token goes
            return;
        }
        for (DeviceRef device : command.recipients()) {
            Session session = registry.get(device.userId(), device.deviceId());
            if (session == null) {
                continue;
            }
            switch (command.kind()) {
                case PUSH -> deliveries.add(session, () -> push(session, command.message()));
                case SEND_ACK -> deliveries.add(session, () -> sendAck(session, command.message()));
                case READ_RECEIPT -> deliveries.add(session, () -> session.queue(new ServerFrame.ReadReceipt(
                        command.receipt().conversationId(), command.receipt().userId(), command.receipt().seq())));
                case ERROR -> deliveries.add(session, () -> session.queue(new ServerFrame.Error(command.refusal().code(),
                        command.refusal().message(), command.refusal().ref(), null)));
                case KICK -> {
                    if (session.connectedAt() < command.connectedBefore()) {
                        session.channel().eventLoop().execute(() -> session.kick("the same device connected elsewhere"));
                    }
                }
            }
        }
    }

    /**
     * A poll's frames, grouped by the event loop of their connection: each loop gets one task that
     * writes all of its frames, then flushes each connection once. A frame per task and a flush per
     * frame would cost a wake-up and a system call per frame.
     */
    private static final class Deliveries {
        private final Map<EventLoop, List<Object>> byLoop = new HashMap<>();

        /** Queues a write for the session's loop; {@code write} only queues frames, the flush comes after. */
        void add(Session session, Runnable write) {
            List<Object> work = byLoop.computeIfAbsent(session.channel().eventLoop(), l -> new ArrayList<>());
            work.add(session);
            work.add(write);
        }

        void run() {
            byLoop.forEach((loop, work) -> loop.execute(() -> {
                Set<Session> written = new LinkedHashSet<>();
                for (int i = 0; i < work.size(); i += 2) {
                    written.add((Session) work.get(i));
                    ((Runnable) work.get(i + 1)).run();
                }
                written.forEach(Session::flush);
            }));
        }
    }

    private void push(Session session, Message message) {
        if (!session.markPushed(message.conversationId(), message.seq())) {
            return;
        }
        // A device that stopped reading must not make us buffer its pushes without end: a push
        // not written is only tracked, so the retransmitter re-sends it once the device reads
        // again (or the device pulls the gap), and a device that stays unwritable is closed: it
        // will sync when it reconnects (PushWriting).
        pushWriting.write(session, new ServerFrame.Push(message));
        pushListener.pushed(session, message);
    }

    private static void sendAck(Session session, Message message) {
        session.markKnown(message.conversationId(), message.seq());
        session.queue(new ServerFrame.SendAck(message.clientMsgId(), message.conversationId(), message.seq(),
                message.serverTime()));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
