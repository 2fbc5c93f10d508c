package dev.imlab.bench;

import dev.imlab.bench.baseline.BareWebSocketServer;
import dev.imlab.bench.catchup.CatchUpScenario;
import dev.imlab.bench.catchup.ExpiryScenario;
import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.connections.ConnectionsScenario;
import dev.imlab.bench.connections.ConnectionsWorker;
import dev.imlab.bench.group.GroupScenario;
import dev.imlab.bench.hops.HopsScenario;
import dev.imlab.bench.jmh.JmhScenario;
import dev.imlab.bench.localcluster.ClusterCommand;
import dev.imlab.bench.peers.PeersScenario;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.restart.RestartScenario;
import dev.imlab.bench.results.HandbookRun;
import dev.imlab.bench.results.RunFigures;
import dev.imlab.bench.soak.SoakScenario;
import dev.imlab.bench.throughput.ThroughputScenario;
import dev.imlab.bench.transfer.TransferScenario;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code java -jar im-bench.jar <scenario> [--option value ...]}: runs one scenario against a
 * fresh embedded server (started in a child JVM) or {@code --target http://host:port}, and writes
 * {@code report.json}, {@code report.txt} and plots under {@code --out}.
 */
public final class BenchMain {
    static final String USAGE = """
            usage: java -jar im-bench.jar <scenario> [options]
              throughput   --pairs 50 --rate 0 (msgs/s in all, 0 = flat out) --size 100 --duration 30s --warmup 5s --window 32
                           [--storage memory]   (a MongoDB stand-in that keeps nothing: the pipeline's ceiling without storage)
              transfer     --messages 200000 --warmup-messages 900000 --conversations 50 --size 100 [--ceiling-memory]
                           [--main-roles gateway] [--transfer-consumers 2]   (the transfer role alone draining a filled im.upstream; + raw Kafka
                           ceiling; starts its own servers: a transfer JVM, and one with the infrastructure and --main-roles)
              restart      --messages 1000000 --conversations 50   (store, kill -9, time until healthy, check nothing lost)
              catchup      --messages 50000 --conversations 10   (a user away while they arrive; its SDK device then
                           syncs, pulls and acks them all: time to the last one, checked per conversation)
              expiry       --messages 50000 --conversations 10 --ttl 30s --reap-interval 90s   (its own server with a short
                           TTL: the backlog expires, a device syncs before and after the reaper's pass; nothing handed on)
              connections  --connections 19000 --gateways 1 --per-client 18000 --hold 30s --ping 25s
              hops         --pairs 20 --rate 2000 --duration 20s   (latency per hop)
              group        --members 500 --online 0.5 --senders 5 --rate 100 --duration 20s [--reads]
                           (--reads: every online member also marks read what it acks; up to 10,000 members)
              soak         --duration 30m --pairs 40 --rate 400 --group-members 100 --group-rate 5 --slow-readers 5
                           [--abuse-after 10m] [--sample 10s]   (mixed traffic with the limits on, abusive clients
                           from a third of the run: memory, files, threads, p99 over time, checker, limits triggered)
              jmh          [--quick] [JMH regexp]
              cluster      --gateways 2 --transfers 2 --pushes 1 --confirms 1 --port 8080 --gateway-port 8081
                           [--partitions 8] [--data imlab-cluster] [--restart-all] [--exit] [--no-haproxy] [--limits] [--start-timeout 300s]
                           (not a benchmark: a cluster on this machine, an infra process, the role processes and HAProxy
                           on --port in front of the gateways; console: status | restart NAME | restart all | quit)
              handbook     [--results PATH] [--only transfer,restart,catchup,expiry,group,group-reads,group-10k,connections,rate-200,rate-2000,flat]
                           (every figure the handbook quotes: the README table's runs, one after the other, tens of
                           minutes; writes docs/src/docs/asciidoc/results/measured.adoc unless --results says otherwise)
              peers        --systems imlab,ejabberd,mosquitto --pairs 50 --rate 2000 --size 100 --duration 20s --idle 2000
                           (imlab, ejabberd and Mosquitto side by side; a peer not installed is skipped)
            common options:
              --target http://host:port   a running cluster (default: start one in a child JVM)
              --kafka host:port           its Kafka, for the raw Kafka ceiling (known when the bench starts the server)
              --token-secret S            its token secret, to sign tokens for many users (connections)
              --server-jar PATH           imlab-server.jar (default: found beside this jar or in the source tree)
              --server-heap 1g            -Xmx of the server JVMs the bench starts
              --server-jvm-args "..."     more JVM options of those JVMs (e.g. -XX:StartFlightRecording=...)
              --server-args "..."         more arguments of those JVMs (e.g. --imlab.kafka.max-poll-records=4000)
              --mongo-fsync false         the MongoDB stand-in does not fsync (default: it does)
              --keep-data                 keep the started servers' data folder (default: deleted at the end)
              --profile                   record the server with JFR and summarise hot methods and locks
              --out DIR                   default im-system/im-bench/target/bench-results
              --results [PATH]            merge this run's handbook figures (if it gives any) into the AsciiDoc
                                          attribute file PATH (default: the docs' results/measured.adoc)
            """;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            return;
        }
        String scenario = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (scenario) {
            case "connections-worker" -> {
                ConnectionsWorker.main(rest);
                return;
            }
            case "bare-server" -> {
                BareWebSocketServer.main(rest);
                return;
            }
            case "cluster" -> System.exit(ClusterCommand.run(Options.parse(rest)));
            case "handbook" -> {
                int failed = HandbookRun.run(Options.parse(rest));
                System.exit(failed == 0 ? 0 : 1);
            }
            default -> {
            }
        }
        Options options = Options.parse(rest);
        Report report = run(scenario, options);
        Path dir = report.write();
        System.out.println();
        System.out.print(report.text());
        System.out.println("report: " + dir.toAbsolutePath());
        System.exit(0); // child processes are closed; Kafka clients may leave non-daemon threads behind
    }

    /**
     * Runs one scenario to completion and returns its report, written nowhere yet; with
     * {@code --results}, its figures are merged into the results file before it returns.
     */
    public static Report run(String scenario, Options options) throws Exception {
        Report report = switch (scenario) {
            case "throughput" -> new ThroughputScenario(options).run();
            case "connections" -> new ConnectionsScenario(options).run();
            case "hops" -> new HopsScenario(options).run();
            case "group" -> new GroupScenario(options).run();
            case "jmh" -> new JmhScenario(options).run();
            case "transfer" -> new TransferScenario(options).run();
            case "restart" -> new RestartScenario(options).run();
            case "catchup" -> new CatchUpScenario(options).run();
            case "expiry" -> new ExpiryScenario(options).run();
            case "peers" -> new PeersScenario(options).run();
            case "soak" -> new SoakScenario(options).run();
            default -> throw new IllegalArgumentException("unknown scenario '" + scenario + "'\n" + USAGE);
        };
        if (ImlabCluster.storesNothing(options)) {
            report.note("The server ran on a MongoDB stand-in that keeps nothing (--storage memory): a ceiling without "
                    + "storage, not imlab as it runs");
        }
        if (options.string("results", null) != null) {
            RunFigures.write(scenario, options, report);
        }
        return report;
    }
}
