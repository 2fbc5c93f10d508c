package dev.imlab.bench.peers.mosquitto;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.peers.ChatConnection;
import dev.imlab.bench.peers.ChatListener;
import dev.imlab.bench.peers.PeerSystem;
import dev.imlab.bench.peers.internal.ClientTransport;
import dev.imlab.bench.peers.internal.RunFolder;
import dev.imlab.bench.peers.internal.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto from Debian's package, started by the bench in the foreground on its own
 * configuration ({@link MosquittoConfig}) in the run's folder; one topic per receiver
 * ({@code inbox/<user>}), MQTT 5 at QoS 1. Users are written to a password file before it starts.
 */
public final class MosquittoSystem implements PeerSystem {
    public static final String PASSWORD = "bench-pass-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Mosquitto's own default. */
    private static final int DEFAULT_AUTOSAVE_SECONDS = 1800;

    private final Options options;
    private final Path binary;
    private final Path passwd;
    private final int autosave;
    private Path dir;
    private int port;
    private ServerProcess server;

    public MosquittoSystem(Options options) {
        this.options = options;
        this.binary = Path.of(options.string("mosquitto", "/usr/sbin/mosquitto"));
        this.passwd = Path.of(options.string("mosquitto-passwd", "/usr/bin/mosquitto_passwd"));
        this.autosave = options.integer("mosquitto-autosave", DEFAULT_AUTOSAVE_SECONDS);
    }

    @Override
    public String name() {
        String v = version();
        return v == null ? "Mosquitto" : "Mosquitto " + v;
    }

    private String version() {
        try {
            Process p = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(5, TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("mosquitto version (\\S+)").matcher(out);
            return m.find() ? m.group(1) : null;
        } catch (java.io.IOException e) {
            return null; // not installed: missing() says so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public String missing() {
        if (!Files.isExecutable(binary)) {
            return "Mosquitto is not installed: no " + binary + " (apt-get install mosquitto; or --mosquitto PATH)";
        }
        if (!Files.isExecutable(passwd)) {
            return "no " + passwd + " to hash the password file (it comes with apt-get install mosquitto)";
        }
        return null;
    }

    @Override
    public void start(Path runDir, Users users) throws Exception {
        dir = RunFolder.create(runDir.resolve("mosquitto"));
        Path data = RunFolder.create(dir.resolve("data"));
        Path passwords = dir.resolve("passwd");
        Files.writeString(passwords, MosquittoConfig.plainPasswords(users.all(), PASSWORD));
        Process hash = new ProcessBuilder(passwd.toString(), "-U", passwords.toString()).redirectErrorStream(true).start();
        String hashOut = new String(hash.getInputStream().readAllBytes());
        if (!hash.waitFor(10, TimeUnit.MINUTES) || hash.exitValue() != 0) {
            throw new IllegalStateException("mosquitto_passwd -U failed: " + hashOut);
        }
        port = ImlabCluster.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, new MosquittoConfig(port, passwords, data, dir.resolve("mosquitto.log"), autosave,
                System.getProperty("user.name")).conf());
        server = ServerProcess.start("mosquitto", List.of(binary.toString(), "-c", conf.toAbsolutePath().toString()), Map.of(),
                dir, dir.resolve("console.log"));
        server.awaitPort(port, START_TIMEOUT);
    }

    @Override
    public long serverPid() {
        return server.pid();
    }

    @Override
    public Map<String, Object> setup() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", "MQTT 5 over TCP, QoS 1, one topic per receiver (inbox/<user>), persistent sessions (clean start off, 1 h expiry)");
        m.put("process", "one mosquitto process (single-threaded), " + name() + " from Debian's package");
        m.put("storage", "persistence true, autosave_interval " + autosave + " s (mosquitto.db in the run's folder)");
        m.put("auth", "password file hashed by mosquitto_passwd -U (PBKDF2-SHA512), checked at CONNECT");
        m.put("limits", "max_queued_messages 0 and max_inflight_messages 0 (no limit), max_connections -1, TCP_NODELAY");
        m.put("config", dir == null ? null : dir.resolve("mosquitto.conf").toString());
        return m;
    }

    @Override
    public Promise promise() {
        return new Promise("QoS 1 at least once, memory until autosave (" + autosave + " s)", List.of(
                "PUBACK says the broker has the message in memory; it reaches disk with the next autosave (every " + autosave
                        + " s here) or a clean stop, so a crash loses everything acked since the last save",
                "QoS 1 is at least once: a PUBLISH whose PUBACK did not arrive goes again, flagged DUP, when the client "
                        + "reconnects, and the receiver may see it twice; nothing de-duplicates it",
                "order: kept in the normal flow; mosquitto.conf(5) guarantees in-order delivery only with "
                        + "max_inflight_messages 1 (this run: 0, no limit)",
                "a persistent session queues QoS 1 messages for an offline subscriber; no history beyond that queue, "
                        + "no sequence number a client could find a gap with"));
    }

    @Override
    public CompletableFuture<ChatConnection> connect(ClientTransport transport, String user, ChatListener listener) {
        return MqttConnection.open(transport, port, user, PASSWORD, listener);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (dir != null && !options.flag("keep-data")) {
            RunFolder.delete(dir.resolve("data"));
        }
    }
}
