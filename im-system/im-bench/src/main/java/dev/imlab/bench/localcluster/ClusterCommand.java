package dev.imlab.bench.localcluster;

import dev.imlab.bench.cli.Options;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar im-bench.jar cluster}: starts a cluster on this machine ({@link LocalCluster}) and
 * keeps it running until Ctrl-C or {@code quit}, with a console to look at it and restart its processes.
 *
 * @implNote Why here and not a shell script under im-ops: the bench already starts server JVMs and
 *     waits on their health, a launcher must read the cluster's figures (JSON) to know a back-end
 *     process is ready, and a restart must wait for one process at a time; in Java that is a few
 *     lines that run the same on every machine with Java 17, where a script would need curl, jq and
 *     careful signal handling. The HAProxy template, which operators do read, stays a plain file in im-ops.
 */
public final class ClusterCommand {
    private static final String HELP = "commands: status | restart NAME | restart all | quit   (Ctrl-C stops everything)";

    private ClusterCommand() {
    }

    /** Runs until stopped; the exit code. */
    public static int run(Options options) throws Exception {
        LocalCluster cluster = new LocalCluster(options);
        Thread stopper = new Thread(cluster::close, "cluster-stop");
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C: every process gets its SIGTERM
        try {
            cluster.start();
        } catch (RuntimeException e) {
            System.out.println("the cluster did not start: " + e.getMessage());
            return 1;
        }
        printUp(cluster);
        if (options.flag("restart-all")) {
            cluster.restartAll();
            System.out.println("every process restarted, one at a time\n" + cluster.figures());
        }
        if (options.flag("exit")) {
            return 0; // the shutdown hook stops everything
        }
        console(cluster);
        return 0;
    }

    private static void printUp(LocalCluster cluster) {
        String front = cluster.frontUri().toString();
        StringBuilder s = new StringBuilder("\n  imlab cluster is up; data and logs in ").append(cluster.data()).append('\n');
        if (cluster.haproxyRunning()) {
            s.append("    dashboard      ").append(front).append("/dashboard   (the whole cluster, through HAProxy)\n")
                    .append("    chat page      ").append(front).append("/\n")
                    .append("    HTTP API       ").append(front).append("/api/v1/health\n")
                    .append("    WebSocket      ").append(front.replace("http:", "ws:")).append("/ws?token=TOKEN\n")
                    .append("    which gateway  ").append(front).append("/api/v1/dispatch\n");
        }
        s.append("  processes (logs in ").append(cluster.logs()).append("):\n").append(cluster.summary())
                .append("  the cluster's figures:\n").append(cluster.figures()).append("  ").append(HELP).append('\n');
        System.out.print(s);
    }

    private static void console(LocalCluster cluster) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "" -> { }
                    case "status" -> System.out.print(cluster.summary() + cluster.figures());
                    case "restart" -> {
                        if (words.length < 2) {
                            System.out.println("restart NAME, or restart all");
                        } else if (words[1].equals("all")) {
                            cluster.restartAll();
                        } else {
                            cluster.restart(words[1]);
                        }
                    }
                    case "quit", "exit" -> {
                        return;
                    }
                    default -> System.out.println(HELP);
                }
            } catch (RuntimeException e) {
                System.out.println(e.getMessage());
            }
        }
        // stdin closed (started in the background): keep running until a signal
        Thread.currentThread().join();
    }
}
