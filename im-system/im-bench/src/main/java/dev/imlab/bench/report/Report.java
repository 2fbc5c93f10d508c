package dev.imlab.bench.report;

import dev.imlab.bench.cluster.ProcessProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run's results: a JSON tree for machines, text tables for people, a list of targets with
 * whether each was met (and by how much not), and plots. Written to
 * {@code <out>/<scenario>-<timestamp>/}.
 */
public final class Report {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final String scenario;
    private final Path dir;
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final StringBuilder text = new StringBuilder();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, String> svgs = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final LocalDateTime startedAt = LocalDateTime.now();

    public Report(String scenario, String outDir, Map<String, String> options) {
        this.scenario = scenario;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        this.dir = Path.of(outDir).resolve(scenario + "-" + stamp);
        json.put("scenario", scenario);
        json.put("startedAt", startedAt.toString());
        json.put("options", options);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("loadAverageAtStart", ProcessProbe.loadAverage());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        json.put("machine", machine);
        line("imlab bench: " + scenario + "  (" + machine.get("cpus") + " CPUs, load average at start "
                + machine.get("loadAverageAtStart") + ")");
    }

    /** Where the report and anything a scenario writes beside it go; created on demand. */
    public Path dir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public Report put(String key, Object value) {
        json.put(key, value);
        return this;
    }

    public Object get(String key) {
        return json.get(key);
    }

    public Report line(String s) {
        text.append(s).append('\n');
        return this;
    }

    public Report table(Table t) {
        text.append(t.render());
        return this;
    }

    public Report svg(String fileName, String svg) {
        svgs.put(fileName, svg);
        return this;
    }

    public Report note(String note) {
        notes.add(note);
        return this;
    }

    /**
     * A target: {@code higherIsBetter} decides the direction; the report says met or missed, and
     * by how much.
     */
    public Report target(String name, double measured, double goal, boolean higherIsBetter, String unit, String limitedBy) {
        targets.add(new Target(name, measured, goal, higherIsBetter, unit, limitedBy));
        return this;
    }

    /**
     * A figure the handbook quotes: its key in the measured-results file ({@code m-lat-2k-p99}) and its
     * value with unit, as the tables print it. A scenario gives figures only for a run whose checks
     * passed; {@code --results} writes them.
     */
    public Report figure(String key, String value) {
        figures.put(key, value);
        return this;
    }

    public Map<String, String> figures() {
        return figures;
    }

    public LocalDateTime startedAt() {
        return startedAt;
    }

    /** "1-, 5- and 15-minute load averages" as /proc/loadavg had them when the run started. */
    public String loadAverageAtStart() {
        return String.valueOf(((Map<?, ?>) json.get("machine")).get("loadAverageAtStart"));
    }

    public int cpus() {
        return (Integer) ((Map<?, ?>) json.get("machine")).get("cpus");
    }

    public List<Target> targets() {
        return targets;
    }

    public record Target(String name, double measured, double goal, boolean higherIsBetter, String unit, String limitedBy) {
        public boolean met() {
            return higherIsBetter ? measured >= goal : measured <= goal;
        }

        /** "missed by 37% (12,600 of 20,000 msg/s)" or "met (...)" */
        public String verdict() {
            String numbers = Table.num(measured) + " " + unit + " vs target " + (higherIsBetter ? "≥ " : "≤ ")
                    + Table.num(goal) + " " + unit;
            if (met()) {
                return "met (" + numbers + ")";
            }
            double by = higherIsBetter ? (goal - measured) / goal : (measured - goal) / goal;
            return "MISSED by " + Math.round(by * 100) + "% (" + numbers + ")";
        }
    }

    public String text() {
        StringBuilder out = new StringBuilder(text);
        if (!targets.isEmpty()) {
            out.append("\nTargets\n");
            for (Target t : targets) {
                out.append("  ").append(t.met() ? "[met]    " : "[MISSED] ").append(t.name()).append(": ").append(t.verdict()).append('\n');
                if (!t.met() && t.limitedBy() != null) {
                    out.append("           limited by: ").append(t.limitedBy()).append('\n');
                }
            }
        }
        out.append("\nLoad average at start ").append(((Map<?, ?>) json.get("machine")).get("loadAverageAtStart"))
                .append(", at end ").append(ProcessProbe.loadAverage()).append(" (the machine may be shared)\n");
        List<String> closing = new ArrayList<>(notes);
        for (Target t : targets) {
            if (!t.met()) {
                closing.add("Missed: " + t.name() + " " + t.verdict() + (t.limitedBy() == null ? "" : "; limited by " + t.limitedBy()));
            }
        }
        if (!closing.isEmpty()) {
            out.append("\nClosing note\n");
            closing.forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        return out.toString();
    }

    /** Writes report.json, report.txt and the plots; returns the folder. */
    public Path write() {
        Path d = dir();
        List<Map<String, Object>> t = new ArrayList<>();
        for (Target target : targets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", target.name());
            m.put("measured", target.measured());
            m.put("target", target.goal());
            m.put("unit", target.unit());
            m.put("met", target.met());
            m.put("verdict", target.verdict());
            m.put("limitedBy", target.limitedBy());
            t.add(m);
        }
        json.put("targets", t);
        json.put("notes", notes);
        json.put("figures", figures);
        ((Map<String, Object>) castMap(json.get("machine"))).put("loadAverageAtEnd", ProcessProbe.loadAverage());
        try {
            Files.writeString(d.resolve("report.json"), JSON.writeValueAsString(json));
            Files.writeString(d.resolve("report.txt"), text());
            for (Map.Entry<String, String> svg : svgs.entrySet()) {
                Files.writeString(d.resolve(svg.getKey()), svg.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    public String scenario() {
        return scenario;
    }

    public Map<String, Object> json() {
        return json;
    }
}
