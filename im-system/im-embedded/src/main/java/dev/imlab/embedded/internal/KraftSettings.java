package dev.imlab.embedded.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Broker settings for a one-node KRaft cluster that is both broker and controller.
 *
 * <p>Only what differs from Kafka's defaults is listed; each line says why. The values are constant
 * on purpose: the same data directory is reopened by later runs, and some of them (internal topic
 * partition counts) are fixed once the topic exists.
 */
public final class KraftSettings {
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    public static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";

    private KraftSettings() {
    }

    public static Map<String, String> singleNode(Path logDir, int brokerPort, int controllerPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", String.valueOf(NODE_ID));
        // Static quorum: the one voter is this node, so a restart on a new controller port just works.
        settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", logDir.toString());

        // One broker: every replication factor and in-sync minimum is 1, or internal topics never appear.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("min.insync.replicas", "1");
        // The default 50 offsets partitions are 50 logs to create, load and clean, for nothing on one node.
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        // Tests join groups constantly; waiting 3 s for more members only slows them down.
        settings.put("group.initial.rebalance.delay.ms", "0");
        // Callers create their topics with explicit partition counts; this only catches stragglers.
        settings.put("auto.create.topics.enable", "true");
        settings.put("num.partitions", "1");
        // After kill -9 the restarted node must wait out its own old registration before it may
        // register again: 9 s by default. Heartbeats must come well within the session.
        settings.put("broker.session.timeout.ms", "3000");
        settings.put("broker.heartbeat.interval.ms", "1000");
        // The compaction buffer defaults to 128 MiB of heap; the offsets topic of one laptop needs far less.
        settings.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return settings;
    }
}
