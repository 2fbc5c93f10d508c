package dev.imlab.bench.peers.ejabberd;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.peers.ChatConnection;
import dev.imlab.bench.peers.ChatListener;
import dev.imlab.bench.peers.PeerSystem;
import dev.imlab.bench.peers.internal.ClientTransport;
import dev.imlab.bench.peers.internal.RunFolder;
import dev.imlab.bench.peers.internal.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ejabberd from Debian's package, started by the bench on its own configuration
 * ({@link EjabberdConfig}) in the run's folder: the Erlang VM directly, without {@code ejabberdctl}
 * (which would switch to the {@code ejabberd} user and register a node name with epmd, a daemon
 * that outlives the run). Users are registered through the HTTP API before anyone connects.
 */
public final class EjabberdSystem implements PeerSystem {
    public static final String DOMAIN = "bench.local";
    public static final String PASSWORD = "bench-pass-1";
    private static final String SQLITE_FILE = "ejabberd.sqlite";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int REGISTER_THREADS = 8;

    private final Options options;
    private final Path libRoot;
    private final Path erl;
    private Path dir;
    private int httpPort;
    private ServerProcess server;

    public EjabberdSystem(Options options) {
        this.options = options;
        this.libRoot = Path.of(options.string("ejabberd-libs", "/usr/lib/x86_64-linux-gnu"));
        this.erl = Path.of(options.string("erl", "/usr/bin/erl"));
    }

    @Override
    public String name() {
        Path app = application();
        return app == null ? "ejabberd" : "ejabberd " + app.getFileName().toString().replaceFirst("^ejabberd-", "").replaceFirst("-\\d+$", "");
    }

    /** The installed application folder, e.g. {@code /usr/lib/x86_64-linux-gnu/ejabberd-23.01-1}. */
    private Path application() {
        if (!Files.isDirectory(libRoot)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(libRoot)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("ejabberd-"))
                    .filter(d -> Files.exists(d.resolve("ebin/ejabberd.beam"))).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String missing() {
        if (!Files.isExecutable(erl)) {
            return "no Erlang at " + erl + " (apt-get install ejabberd brings it; or --erl PATH)";
        }
        if (application() == null) {
            return "ejabberd is not installed: no " + libRoot + "/ejabberd-*/ebin/ejabberd.beam (apt-get install ejabberd; or --ejabberd-libs DIR)";
        }
        if (sqlite() && !sqliteDriverInstalled()) {
            return "--ejabberd-db sqlite needs Erlang's SQLite driver (apt-get install erlang-p1-sqlite3)";
        }
        return null;
    }

    private static boolean sqliteDriverInstalled() {
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/erlang/lib"))) {
            return dirs.anyMatch(d -> d.getFileName().toString().contains("sqlite3-"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void start(Path runDir, Users users) throws Exception {
        dir = RunFolder.create(runDir.resolve("ejabberd"));
        Path spool = RunFolder.create(dir.resolve("spool"));
        httpPort = ImlabCluster.freePort();
        Path config = dir.resolve("ejabberd.yml");
        Files.writeString(config, new EjabberdConfig(DOMAIN, httpPort, archive(), sqlite() ? dir.resolve(SQLITE_FILE) : null).yaml());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("EJABBERD_CONFIG_PATH", config.toAbsolutePath().toString());
        env.put("EJABBERD_LOG_PATH", dir.resolve("ejabberd.log").toAbsolutePath().toString());
        env.put("ERL_LIBS", libRoot.toString());
        env.put("ERL_MAX_PORTS", "65536"); // one port per socket: room for every idle connection
        env.put("ERL_CRASH_DUMP_BYTES", "0");
        // No -sname: a VM without a node name starts no epmd and listens on nothing but ejabberd's own port.
        // Idle schedulers do not spin (+sbwt none): on two shared cores a spinning VM takes CPU from
        // the load generator and shows as ejabberd's CPU per message without doing its work.
        List<String> command = List.of(erl.toString(), "+K", "true", "+P", "1000000",
                "+sbwt", "none", "+sbwtdcpu", "none", "+sbwtdio", "none", "-noinput",
                "-mnesia", "dir", "\"" + spool.toAbsolutePath() + "\"", "-s", "ejabberd");
        server = ServerProcess.start("ejabberd", command, env, spool, dir.resolve("console.log"));
        server.awaitPort(httpPort, START_TIMEOUT);
        register(users.all());
    }

    private void register(List<String> users) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(REGISTER_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String u : users) {
                done.add(pool.submit(() -> {
                    String json = "{\"user\":\"" + u + "\",\"host\":\"" + DOMAIN + "\",\"password\":\"" + PASSWORD + "\"}";
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/register"))
                            .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("ejabberd refused to register " + u + ": " + r.statusCode() + " " + r.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code --ejabberd-db sqlite}: SQLite instead of Mnesia, as ejabberd advises for an archive. */
    private boolean sqlite() {
        String db = options.string("ejabberd-db", "mnesia");
        if (!db.equals("mnesia") && !db.equals("sqlite")) {
            throw new IllegalArgumentException("--ejabberd-db is mnesia or sqlite, not '" + db + "'");
        }
        return db.equals("sqlite");
    }

    private boolean archive() {
        return Boolean.parseBoolean(options.string("ejabberd-mam", "true"));
    }

    @Override
    public long serverPid() {
        return server.pidOf("beam.smp");
    }

    @Override
    public Map<String, Object> setup() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", "XMPP over WebSocket (RFC 7395), SASL PLAIN, resource binding, XEP-0198 acks both ways, initial presence");
        m.put("process", "one Erlang VM (beam.smp), " + name() + " from Debian's package, no node name, no epmd, "
                + "idle schedulers do not busy-wait (+sbwt none)");
        m.put("storage", (sqlite() ? "SQLite" : "Mnesia") + " in the run's folder: users, offline store (mod_offline)"
                + (archive() ? " and archive (mod_mam, default: always)" : "; NO archive (--ejabberd-mam false)"));
        m.put("auth", "internal, passwords stored plain (SASL PLAIN compares; no SCRAM derivation per login)");
        m.put("limits", "no shaper, max_user_sessions and max_user_offline_messages infinity, listener backlog 4096, "
                + "cache_size 100000 (the default 1,000 makes it warn through a login burst)");
        m.put("streamManagement", "mod_stream_mgmt defaults (max_ack_queue 5000, resume_timeout 300 s), resend_on_timeout: if_offline");
        m.put("config", dir == null ? null : dir.resolve("ejabberd.yml").toString());
        return m;
    }

    @Override
    public Promise promise() {
        String brief = "XEP-0198 ack = handled, " + (archive() ? "archive (" + (sqlite() ? "SQLite" : "Mnesia") + ")" : "NO archive")
                + ", no seq, no dedup";
        return new Promise(brief, List.of(
                "the server's <a h/> (XEP-0198) says it has \"handled\" the stanza: accepted responsibility to process, deliver or "
                        + "route it; nothing about disk",
                "messages it handed a receiver that did not ack them are re-sent when the stream resumes, or stored offline when "
                        + "the session times out (resend_on_timeout: if_offline); a receiver that is offline gets them from mod_offline",
                archive() ? "mod_mam archives every chat message (" + (sqlite() ? "SQLite" : "Mnesia") + ") for both sides: "
                        + "a client can page through history, but the archive ids are not a gap-free sequence"
                        : "no archive in this run (--ejabberd-mam false): history only for what was offline",
                "no de-duplication: a client that re-sends after a lost ack may deliver the message twice"));
    }

    @Override
    public CompletableFuture<ChatConnection> connect(ClientTransport transport, String user, ChatListener listener) {
        return XmppConnection.open(transport, URI.create("ws://127.0.0.1:" + httpPort + EjabberdConfig.WS_PATH), DOMAIN,
                user, PASSWORD, listener);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (dir != null && !options.flag("keep-data")) {
            RunFolder.delete(dir.resolve("spool"));
            RunFolder.delete(dir.resolve(SQLITE_FILE));
        }
    }
}
