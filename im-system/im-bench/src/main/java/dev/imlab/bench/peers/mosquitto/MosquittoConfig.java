package dev.imlab.bench.peers.mosquitto;

import java.nio.file.Path;
import java.util.List;

/**
 * The mosquitto.conf the bench writes for one run: one listener on loopback, passwords required,
 * persistence on, and the queue and in-flight limits lifted (the defaults, 1,000 queued and 20 in
 * flight per client, drop or hold back messages: abuse protection, not the broker's speed).
 *
 * @param autosaveSeconds how often the in-memory state is written to {@code mosquitto.db}; the
 *     default 1800 is Mosquitto's own. QoS 1 messages that arrived since the last save (PUBACKed
 *     ones included) are lost if the broker crashes; a clean stop saves them.
 */
public record MosquittoConfig(int port, Path passwordFile, Path dataDir, Path log, int autosaveSeconds, String runAsUser) {
    public String conf() {
        return """
                # Written by im-bench's peers scenario for one run; thrown away with it.
                per_listener_settings false
                listener %1$d 127.0.0.1
                max_connections -1
                allow_anonymous false
                password_file %2$s
                persistence true
                persistence_location %3$s/
                autosave_interval %4$d
                max_queued_messages 0
                max_inflight_messages 0
                set_tcp_nodelay true
                user %5$s
                log_dest file %6$s
                log_type error
                log_type warning
                connection_messages false
                """.formatted(port, passwordFile.toAbsolutePath(), dataDir.toAbsolutePath(), autosaveSeconds, runAsUser,
                log.toAbsolutePath());
    }

    /** {@code user:password} lines, which {@code mosquitto_passwd -U} then hashes in place. */
    public static String plainPasswords(List<String> users, String password) {
        StringBuilder b = new StringBuilder(users.size() * 24);
        for (String u : users) {
            b.append(u).append(':').append(password).append('\n');
        }
        return b.toString();
    }
}
