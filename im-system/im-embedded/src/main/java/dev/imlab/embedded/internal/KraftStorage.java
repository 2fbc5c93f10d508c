package dev.imlab.embedded.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a KRaft log directory the first time, as {@code kafka-storage.sh format} would. */
public final class KraftStorage {
    private static final Logger log = LoggerFactory.getLogger(KraftStorage.class);

    /** Kafka writes this file when it formats a directory; its presence means "already formatted". */
    static final String META_PROPERTIES = "meta.properties";

    private KraftStorage() {
    }

    /**
     * Formats {@code logDir} with a new cluster id unless it already holds one. Reformatting would
     * give the directory a new cluster id and the broker would refuse its own data.
     *
     * @return true if the directory was formatted now
     */
    public static boolean formatIfNeeded(Path logDir) throws Exception {
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            return false;
        }
        Files.createDirectories(logDir);
        String clusterId = Uuid.randomUuid().toString();
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(clusterId)
                .setNodeId(KraftSettings.NODE_ID)
                .setControllerListenerName(KraftSettings.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        log.info("Formatted Kafka storage in {} with cluster id {}", logDir, clusterId);
        return true;
    }
}
