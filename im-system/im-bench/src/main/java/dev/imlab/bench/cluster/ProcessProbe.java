package dev.imlab.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory and CPU of another JVM, read from outside so the reading itself costs the target nothing.
 *
 * @implNote Heap: {@code jcmd <pid> GC.class_histogram} runs a full GC first and sums the live
 *     objects, so it is the retained heap, not whatever garbage the young generation held at the
 *     moment (GC.heap_info's "used" swings by tens of MB between two young collections).
 */
public final class ProcessProbe {
    private ProcessProbe() {
    }

    /** VmRSS of /proc/<pid>/status, in bytes; -1 if unreadable. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Live heap after a full GC, in bytes; -1 if jcmd failed. */
    public static long liveHeapBytes(long pid) {
        String out = jcmd(pid, "GC.class_histogram");
        for (String line : out.split("\n")) {
            String t = line.trim();
            if (t.startsWith("Total")) {
                String[] parts = t.split("\\s+");
                return Long.parseLong(parts[2]);
            }
        }
        return -1;
    }

    /** CPU time the process used so far, all threads; 0 when unknown. */
    public static long cpuNanos(long pid) {
        if (pid < 0) {
            return 0;
        }
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    /** Threads of the process, from /proc. */
    public static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Open file descriptors of the process (sockets included), from /proc; -1 if unknown. */
    public static int openFiles(long pid) {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Heap in use now, live and garbage, without a collection ({@code jcmd GC.heap_info}: the "used"
     * of each heap line, whatever the collector); -1 if jcmd failed.
     */
    public static long heapUsedBytes(long pid) {
        long used = -1;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K")
                .matcher(jcmd(pid, "GC.heap_info"));
        while (m.find()) {
            used = Math.max(used, 0) + Long.parseLong(m.group(1)) * 1024;
        }
        return used;
    }

    public static String jcmd(long pid, String... command) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
            cmd.addAll(List.of(command));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(120, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
