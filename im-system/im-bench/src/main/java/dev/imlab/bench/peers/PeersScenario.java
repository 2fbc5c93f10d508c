package dev.imlab.bench.peers;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.peers.ejabberd.EjabberdSystem;
import dev.imlab.bench.peers.imlab.ImlabSystem;
import dev.imlab.bench.peers.internal.ClientTransport;
import dev.imlab.bench.peers.mosquitto.MosquittoSystem;
import dev.imlab.bench.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * imlab, ejabberd and Mosquitto measured in one run, one after the other, with the same load
 * generator ({@link Pairs}, {@link IdleConnections}), the same client threads, pairs, rate, body
 * size and duration, and the same checker. For each system:
 *
 * <ol>
 * <li>start it on its own throwaway configuration in the run's folder, free loopback ports, users
 *     created up front (a system that is not installed is skipped, and the report says so);
 * <li>idle connections: connect {@code --idle} users, read the server's RSS growth per connection
 *     and the connect rate, close them (first, while the server is fresh);
 * <li>single chat flat out: {@code --pairs} pairs, each sender keeping {@code --window} unacked;
 * <li>single chat at {@code --rate} msg/s in all: p50, p99 and max end to end;
 * <li>stop it, and delete its data unless {@code --keep-data}.
 * </ol>
 *
 * One system at a time, so that none competes with another for the two cores.
 */
public final class PeersScenario {
    static final List<String> ALL = List.of("imlab", "ejabberd", "mosquitto");

    private final Options o;

    public PeersScenario(Options o) {
        this.o = o;
    }

    /** The run's shape, as options give it. */
    record Plan(List<String> systems, int pairs, int size, int window, int rate, Duration duration, Duration warmup,
                Duration drain, int idle, int connectConcurrency, int clientThreads, Duration settle) {
        static Plan of(Options o) {
            Duration duration = o.duration("duration", Duration.ofSeconds(20));
            List<String> systems = new ArrayList<>();
            for (String s : o.string("systems", String.join(",", ALL)).split(",")) {
                String name = s.trim().toLowerCase(java.util.Locale.ROOT);
                if (!ALL.contains(name)) {
                    throw new IllegalArgumentException("unknown system '" + s + "' in --systems; known: " + ALL);
                }
                systems.add(name);
            }
            Plan p = new Plan(systems, o.integer("pairs", 50), o.integer("size", 100), o.integer("window", 32),
                    o.integer("rate", 2_000), duration,
                    o.duration("warmup", Duration.ofSeconds(Math.min(5, duration.toSeconds() / 4))),
                    o.duration("drain", Duration.ofSeconds(30)), o.integer("idle", 2_000),
                    o.integer("connect-concurrency", 100), o.integer("client-threads", 2),
                    o.duration("settle", Duration.ofSeconds(3)));
            p.check();
            return p;
        }

        private void check() {
            require(pairs >= 1, "--pairs is " + pairs + "; at least 1");
            require(window >= 1, "--window is " + window + "; at least 1");
            require(rate >= 1, "--rate is " + rate + "; at least 1 msg/s (the flat-out run needs no rate)");
            require(idle >= 0, "--idle is " + idle + "; 0 or more");
            require(connectConcurrency >= 1, "--connect-concurrency is " + connectConcurrency + "; at least 1");
            require(warmup.compareTo(duration) < 0, "--warmup " + warmup.toSeconds() + " s is not shorter than --duration "
                    + duration.toSeconds() + " s: nothing would be counted");
        }

        private static void require(boolean ok, String why) {
            if (!ok) {
                throw new IllegalArgumentException(why);
            }
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("systems", systems);
            m.put("pairs", pairs);
            m.put("sizeBytes", size);
            m.put("windowPerSender", window);
            m.put("fixedRate", rate);
            m.put("durationSeconds", duration.toSeconds());
            m.put("warmupSeconds", warmup.toSeconds());
            m.put("idleConnections", idle);
            m.put("connectConcurrency", connectConcurrency);
            m.put("clientEventLoopThreads", clientThreads);
            return m;
        }
    }

    /** The users every system gets: s0.., r0.. talk in pairs; i0.. only connect. */
    static PeerSystem.Users users(String prefix, int pairs, int idle) {
        List<String> talkers = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            talkers.add(prefix + "s" + i);
        }
        for (int i = 0; i < pairs; i++) {
            talkers.add(prefix + "r" + i);
        }
        List<String> idlers = new ArrayList<>();
        for (int i = 0; i < idle; i++) {
            idlers.add(prefix + "i" + i);
        }
        return new PeerSystem.Users(talkers, idlers);
    }

    PeerSystem system(String name) {
        return switch (name) {
            case "imlab" -> new ImlabSystem(o);
            case "ejabberd" -> new EjabberdSystem(o);
            case "mosquitto" -> new MosquittoSystem(o);
            default -> throw new IllegalArgumentException(name);
        };
    }

    public Report run() {
        Plan plan = Plan.of(o);
        Report report = new Report("peers", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        String prefix = "p" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        PeerSystem.Users users = users(prefix, plan.pairs(), plan.idle());
        List<SystemRun> runs = new ArrayList<>();
        try (ClientTransport transport = new ClientTransport(plan.clientThreads())) {
            for (String name : plan.systems()) {
                runs.add(measure(name, system(name), plan, users, transport, report));
            }
        }
        PeersReport.describe(report, plan, runs);
        return report;
    }

    private SystemRun measure(String id, PeerSystem system, Plan plan, PeerSystem.Users users, ClientTransport transport,
                              Report report) {
        SystemRun run = new SystemRun(id, system.name());
        String missing = system.missing();
        if (missing != null) {
            run.skipped = missing;
            System.out.println("peers: skipping " + system.name() + ": " + missing);
            return run;
        }
        run.promise = system.promise();
        try (system) {
            System.out.println("peers: starting " + system.name());
            system.start(report.dir(), users);
            run.setup = system.setup();
            if (plan.idle() > 0) {
                run.idle = IdleConnections.run(system, transport, users.idle(), plan.connectConcurrency(), plan.settle());
            }
            List<String> senders = users.talkers().subList(0, plan.pairs());
            List<String> receivers = users.talkers().subList(plan.pairs(), 2 * plan.pairs());
            try (Pairs pairs = Pairs.connect(system, transport, senders, receivers)) {
                run.flatOut = pairs.run(system.name() + " flat out", 0, plan.window(), plan.size(), plan.warmup(),
                        plan.duration(), plan.drain(), system.serverPid());
                run.fixedRate = pairs.run(system.name() + " at " + plan.rate() + "/s", plan.rate(), plan.window(),
                        plan.size(), plan.warmup(), plan.duration(), plan.drain(), system.serverPid());
                if (system instanceof ImlabSystem imlab) {
                    run.hops = imlab.hops();
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            run.failed = String.valueOf(e);
            System.out.println("peers: " + system.name() + " failed: " + e);
        }
        return run;
    }
}
