package dev.imlab.server.infra;

import java.nio.file.Path;
import java.util.UUID;

/**
 * What this process calls itself in Kafka ({@code transfer-<id>}, ...), and whether the name survives
 * a restart, in which case its consumers are static group members (Kafka's KIP-345): a restarted
 * process takes its partitions back at once instead of waiting out the session of its previous
 * life, which after {@code kill -9} is 10 s of no pushes.
 *
 * <p>A name is stable when it is configured ({@code imlab.instance-id}: the operator promises it is
 * unique), or when this process runs the embedded Kafka broker: then it owns its data folder (the
 * broker locks it), and the name kept there is its alone. Otherwise it is random and the consumers
 * are dynamic members, since two processes sharing a data folder must not share a name.
 *
 * @param id the name
 * @param stable whether it survives restarts
 */
public record InstanceIdentity(String id, boolean stable) {

    public static InstanceIdentity resolve(String configured, Path dataDir, boolean ownsEmbeddedKafka) {
        if (!configured.isBlank()) {
            return new InstanceIdentity(configured, true);
        }
        if (ownsEmbeddedKafka) {
            return new InstanceIdentity(KeptValue.readOrCreate(dataDir, "instance-id", InstanceIdentity::random), true);
        }
        return new InstanceIdentity(random(), false);
    }

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
