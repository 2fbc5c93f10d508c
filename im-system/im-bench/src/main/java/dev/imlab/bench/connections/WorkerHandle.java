package dev.imlab.bench.connections;

import dev.imlab.bench.cluster.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The parent's side of one {@link ConnectionsWorker}: its progress as the worker reports it. */
final class WorkerHandle implements AutoCloseable {
    private final ChildJvm jvm;
    private final PrintWriter stdin;
    volatile int open;
    volatile int failed;
    volatile long doneMs = -1;
    volatile String firstFailure;
    private volatile int counted = -1;

    WorkerHandle(String name, List<String> args, Path log) {
        this.jvm = ChildJvm.startPiped(name, List.of("-Xmx768m", "-Xss256k"),
                concat(List.of("-cp", System.getProperty("java.class.path"), "dev.imlab.bench.BenchMain", "connections-worker"), args),
                log);
        this.stdin = new PrintWriter(jvm.process().getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, name + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jvm.process().getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] p = line.split(" ");
                switch (p[0]) {
                    case "progress" -> {
                        open = Integer.parseInt(p[1]);
                        failed = Integer.parseInt(p[2]);
                    }
                    case "done" -> {
                        open = Integer.parseInt(p[1]);
                        failed = Integer.parseInt(p[2]);
                        doneMs = Long.parseLong(p[3]);
                    }
                    case "open" -> counted = Integer.parseInt(p[1]);
                    case "failure" -> {
                        if (firstFailure == null) {
                            firstFailure = line.substring(8);
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (Exception ignored) {
            // the worker ended
        }
    }

    boolean done() {
        return doneMs >= 0 || !jvm.isAlive();
    }

    /** Asks the worker how many of its connections are still open; -1 if it did not answer in 10 s. */
    int countOpen() throws InterruptedException {
        counted = -1;
        stdin.println("count");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counted < 0 && System.nanoTime() < deadline && jvm.isAlive()) {
            Thread.sleep(20);
        }
        return counted;
    }

    long pid() {
        return jvm.pid();
    }

    @Override
    public void close() {
        stdin.println("stop");
        try {
            jvm.process().waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jvm.close();
    }
}
