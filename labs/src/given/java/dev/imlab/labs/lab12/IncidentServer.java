package dev.imlab.labs.lab12;

import dev.imlab.bus.KafkaFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * An incident on the real imlab server: all roles and embedded infrastructure as {@code java -jar}
 * starts them, with one hidden {@link Fault}, and users chatting through the gateway at a steady
 * rate. Run it from the repository root (or with {@code labs/start-incident.sh}):
 *
 * <pre>
 * java -Dloader.path=labs/target/classes -Dloader.main=dev.imlab.labs.lab12.IncidentServer \
 *      -cp im-system/im-server/target/imlab-server.jar org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 *
 * It writes the incident's id to {@code labs/incident/current.properties}, prints what its users
 * see every 10 s, and runs until Ctrl-C. Server arguments work as with {@code java -jar}, e.g.
 * {@code --imlab.gateway.port=8081}. How it runs inside the server's jar: {@code LabServer}.
 *
 * <p>The lab's test runs the same class once per measurement, with a plan in the environment
 * variable {@value #PLAN}: the fault, a fix, the load and the window; it writes a
 * {@link Measurement} and exits.
 */
public final class IncidentServer {
    /** The environment variable naming a measurement's plan (a properties file). */
    public static final String PLAN = "IMLAB_LAB12_PLAN";
    static final String SERVER_APPLICATION = "dev.imlab.server.ImlabServerApplication";
    static final String GATEWAY_ID = "gw-incident";
    /** The incident's users: this many pairs, each device sending this many messages a second. */
    static final int PAIRS = 4;
    static final double PER_SECOND = 5;

    private IncidentServer() {
    }

    public static void main(String[] args) throws Exception {
        String plan = System.getenv(PLAN);
        if (plan != null) {
            measure(Path.of(plan), args);
        } else {
            incident(args);
        }
    }

    /** The learner's incident: a random fault, users, and what they see every 10 s, until Ctrl-C. */
    private static void incident(String[] args) throws Exception {
        if (!Files.isDirectory(Path.of("labs"))) {
            throw new IllegalStateException("run the incident from the repository root: it writes labs/incident/");
        }
        // The id comes first: the fault is drawn with it.
        long pid = ProcessHandle.current().pid();
        String id = Incidents.begin(Incidents.DIR, pid);
        Running server = start(Incidents.faultOf(id), null, null, null, args);
        Users users = new Users(server.port, "");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            users.close();
            server.close();
        }));
        users.start(PAIRS, PER_SECOND);
        String base = "http://127.0.0.1:" + server.port;
        System.out.println();
        System.out.println("Incident " + id + " has begun (labs/incident/current.properties). Users report that messages are slow.");
        System.out.println("  dashboard  " + base + "/dashboard     metrics  " + base + "/metrics     stats  " + base + "/api/v1/stats");
        System.out.println("  process    pid " + pid + "   (jcmd " + pid + " Thread.print, jcmd " + pid
                + " JFR.start duration=30s filename=incident.jfr, ss -tinp)");
        System.out.println("  diagnosis  labs/src/main/java/dev/imlab/labs/lab12/IncidentReport.java, then end this incident (Ctrl-C)"
                + " and run ./mvnw test -pl labs -Dgroups=lab12");
        System.out.println("What the users see, every 10 s:");
        while (true) {
            Thread.sleep(10_000);
            Users.Window w = users.nextWindow();
            System.out.println("  " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + w.summary(10));
        }
    }

    /**
     * Measurements for the test: the same fault, once per phase of the plan, each phase with its own
     * fix (or none), its own server and its own users, all on one embedded Kafka, Redis and MongoDB,
     * which the first phase's server starts. Each phase warms up, measures a window, lets late
     * answers come, writes its {@link Measurement} and stops its server; then the process exits.
     */
    private static void measure(Path planFile, String[] args) throws Exception {
        Properties plan = new Properties();
        try (Reader in = Files.newBufferedReader(planFile, StandardCharsets.UTF_8)) {
            plan.load(in);
        }
        Fault fault = Fault.valueOf(plan.getProperty("fault"));
        int status = 1;
        Running first = null;
        try {
            for (int phase = 0; plan.containsKey("phase." + phase + ".result"); phase++) {
                String key = "phase." + phase + ".";
                List<String> serverArgs = new ArrayList<>(List.of(args));
                for (int i = 0; plan.containsKey(key + "arg." + i); i++) {
                    serverArgs.add(plan.getProperty(key + "arg." + i));
                }
                String remedy = plan.getProperty(key + "remedy", "");
                Running server = start(fault, remedy.isEmpty() ? null : Remedy.valueOf(remedy), freePort(),
                        first, serverArgs.toArray(String[]::new));
                if (first == null) {
                    first = server;
                }
                try {
                    measurePhase(server, plan, key, "p" + phase).write(Path.of(plan.getProperty(key + "result")));
                } finally {
                    if (server == first) {
                        server.stop(); // its infrastructure serves the next phases
                    } else {
                        server.close();
                    }
                }
            }
            status = 0;
        } finally {
            if (first != null) {
                first.close();
            }
            System.exit(status);
        }
    }

    private static Measurement measurePhase(Running server, Properties plan, String key, String userPrefix)
            throws Exception {
        try (HopProbe probe = new HopProbe(server.context.getBean(KafkaFactory.class), GATEWAY_ID);
             Users users = new Users(server.port, userPrefix)) {
            users.start(Integer.parseInt(plan.getProperty("pairs")), Double.parseDouble(plan.getProperty("perSecond")));
            long windowMs = (long) (Double.parseDouble(plan.getProperty("window")) * 1000);
            warmUp(users, Double.parseDouble(plan.getProperty(key + "warmup", plan.getProperty("warmup"))),
                    Double.parseDouble(plan.getProperty("warmupMax", "20")));
            probe.start();
            Thread.sleep(windowMs);
            Users.Window window = users.nextWindow();
            probe.end();
            users.stopSending(); // what is on its way when the server stops would burden the next one
            Thread.sleep((long) (Double.parseDouble(plan.getProperty("drain")) * 1000));
            users.close(window);
            return Measurement.of(probe.hops(), window, windowMs / 1000.0);
        }
    }

    /**
     * Load without measuring, at least {@code minSeconds}, then until the users' median wait for a
     * send_ack is steady (two 1.5-s spans within a quarter of each other), at most {@code maxSeconds}:
     * a freshly started JVM, broker and database are slow for a while, and how long depends on the
     * machine. A fault's symptom is steady too, so the wait ends for it as for a healthy server.
     */
    private static void warmUp(Users users, double minSeconds, double maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep((long) (minSeconds * 1000));
        users.nextWindow();
        double last = -1;
        while ((System.nanoTime() - start) / 1e9 < maxSeconds) {
            Thread.sleep(1_500);
            double median = users.nextWindow().sendToAck.percentileMs(0.5);
            if (last > 0 && Math.abs(median - last) <= 0.25 * Math.max(median, last)) {
                return;
            }
            last = median;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /**
     * Starts the server with {@code fault} in it, and {@code remedy} applied when its cause is code.
     *
     * @param port the gateway's port, or null for the server's own ({@code imlab.gateway.port}, 8080 unless
     *     an argument says otherwise)
     * @param infrastructure a server whose embedded Kafka, Redis and MongoDB this one uses; null: start them
     */
    static Running start(Fault fault, Remedy remedy, Integer port, Running infrastructure, String[] args)
            throws Exception {
        Path data = infrastructure != null ? infrastructure.data : Files.createTempDirectory("imlab-incident-");
        Rig rig = new Rig();
        rig.property("imlab.data-dir", data.toString());
        if (infrastructure == null) {
            rig.property("imlab.embedded.kafka-port", "0");
            rig.property("imlab.embedded.redis-port", "0");
            rig.property("imlab.embedded.mongo-port", "0");
        } else {
            Object infra = infrastructure.context.getBean("infrastructure");
            rig.property("imlab.kafka.bootstrap-servers", (String) FrameAudit.call(infra, "kafkaBootstrapServers"));
            rig.property("imlab.redis.uri", (String) FrameAudit.call(infra, "redisUri"));
            rig.property("imlab.mongodb.uri", (String) FrameAudit.call(infra, "mongoUri"));
        }
        // One name for every server on this data: a server's consumers take over the last one's partitions at once.
        rig.property("imlab.instance-id", "incident");
        rig.property("imlab.gateway.id", GATEWAY_ID);
        rig.property("imlab.auth.bcrypt-cost", "4");
        if (port != null) {
            rig.property("imlab.gateway.port", port.toString());
        }
        fault.inject(rig, remedy);
        SpringApplication app = new SpringApplication();
        app.setSources(Set.of(SERVER_APPLICATION));
        app.setDefaultProperties(rig.properties());
        app.addInitializers(context -> rig.registerBeans((GenericApplicationContext) context));
        ConfigurableApplicationContext context;
        try {
            context = app.run(args);
        } catch (RuntimeException e) {
            rig.close();
            if (infrastructure == null) {
                delete(data);
            }
            throw e;
        }
        Object gateway = FrameAudit.call(context.getBean("imlabRoles"), "gateway");
        rig.started(gateway);
        return new Running(context, rig, infrastructure == null ? data : null, (Integer) FrameAudit.call(gateway, "port"));
    }

    /** A started server and what goes with it. */
    static final class Running implements AutoCloseable {
        final ConfigurableApplicationContext context;
        final int port;
        private final Rig rig;
        /** The data folder, when this server started the infrastructure in it; else null. */
        private final Path data;

        Running(ConfigurableApplicationContext context, Rig rig, Path data, int port) {
            this.context = context;
            this.rig = rig;
            this.data = data;
            this.port = port;
        }

        /** Stops the roles and the fault's machinery; the infrastructure goes on, for another server. */
        void stop() {
            context.stop();
            rig.close();
        }

        @Override
        public void close() {
            context.close();
            rig.close();
            if (data != null) {
                delete(data);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }
}
