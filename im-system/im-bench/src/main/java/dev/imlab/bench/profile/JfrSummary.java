package dev.imlab.bench.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top of a JFR recording: which methods the CPU samples land in (top frame, and the first
 * frame in imlab's own code), which monitors threads waited on, and GC pauses.
 */
public final class JfrSummary {
    private JfrSummary() {
    }

    public static Map<String, Object> summarise(Path jfr, int top) throws Exception {
        Map<String, Long> topFrames = new HashMap<>();
        Map<String, Long> imlabFrames = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Double> lockMs = new HashMap<>();
        long samples = 0;
        double gcPauseMs = 0;
        long gcPauses = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                topFrames.merge(name(st.getFrames().get(0)), 1L, Long::sum);
                for (RecordedFrame f : st.getFrames()) {
                    if (f.getMethod().getType().getName().startsWith("dev.imlab")) {
                        imlabFrames.merge(name(f), 1L, Long::sum);
                        break;
                    }
                }
                if (e.getThread("sampledThread") != null) {
                    String t = e.getThread("sampledThread").getJavaName();
                    threads.merge(t == null ? "?" : t.replaceAll("\\d+", "N"), 1L, Long::sum);
                }
            } else if (type.equals("jdk.JavaMonitorEnter") || type.equals("jdk.ThreadPark")) {
                String what = type.equals("jdk.JavaMonitorEnter") ? "monitor " + e.getClass("monitorClass").getName()
                        : "park " + (e.getClass("parkedClass") == null ? "?" : e.getClass("parkedClass").getName());
                RecordedStackTrace st = e.getStackTrace();
                if (st != null) {
                    for (RecordedFrame f : st.getFrames()) {
                        if (f.getMethod().getType().getName().startsWith("dev.imlab")) {
                            what += " in " + name(f);
                            break;
                        }
                    }
                }
                lockMs.merge(what, e.getDuration().toNanos() / 1e6, Double::sum);
            } else if (type.equals("jdk.GCPhasePause")) {
                gcPauses++;
                gcPauseMs += e.getDuration().toNanos() / 1e6;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cpuSamples", samples);
        out.put("topFrames", topN(topFrames, samples, top));
        out.put("topImlabFrames", topN(imlabFrames, samples, top));
        out.put("samplesByThread", topN(threads, samples, top));
        List<Map<String, Object>> locks = new ArrayList<>();
        lockMs.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top).forEach(en -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", en.getKey());
            m.put("waitedMs", en.getValue());
            locks.add(m);
        });
        out.put("topWaits", locks);
        out.put("gcPauses", gcPauses);
        out.put("gcPauseMs", gcPauseMs);
        return out;
    }

    private static List<Map<String, Object>> topN(Map<String, Long> counts, long total, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n).forEach(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", e.getKey());
            m.put("samples", e.getValue());
            m.put("share", total == 0 ? 0 : (double) e.getValue() / total);
            out.add(m);
        });
        return out;
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** Lines for the text report. */
    @SuppressWarnings("unchecked")
    public static List<String> lines(Map<String, Object> s) {
        List<String> out = new ArrayList<>();
        out.add("CPU samples: " + s.get("cpuSamples") + "; GC pauses: " + s.get("gcPauses") + " ("
                + String.format(java.util.Locale.ROOT, "%.0f", (Double) s.get("gcPauseMs")) + " ms)");
        for (String key : List.of("topFrames", "topImlabFrames", "samplesByThread")) {
            out.add(key + ":");
            for (Map<String, Object> m : (List<Map<String, Object>>) s.get(key)) {
                out.add(String.format(java.util.Locale.ROOT, "  %5.1f%%  %s", 100 * ((Number) m.get("share")).doubleValue(), m.get("what")));
            }
        }
        out.add("topWaits (monitor enter / park, summed ms over all threads):");
        for (Map<String, Object> m : (List<Map<String, Object>>) s.get("topWaits")) {
            out.add(String.format(java.util.Locale.ROOT, "  %9.0f ms  %s", ((Number) m.get("waitedMs")).doubleValue(), m.get("what")));
        }
        return out;
    }
}
