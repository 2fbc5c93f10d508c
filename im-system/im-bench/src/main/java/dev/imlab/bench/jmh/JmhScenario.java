package dev.imlab.bench.jmh;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Svg;
import dev.imlab.bench.report.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The hot pieces in JMH: frame codec, seq allocation, fan-out planning. Throughput mode, ops per
 * second; {@code --quick} for a short look (1 fork, 1 × 1 s warm-up, 2 × 1 s measurement).
 */
public final class JmhScenario {
    static final double TARGET_SEQ_PER_SECOND = 1_000_000;
    private final Options o;

    public JmhScenario(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        boolean quick = o.flag("quick");
        String include = o.string("include", o.positional().isEmpty() ? "dev.imlab.bench.jmh.*" : o.positional().get(0));
        Report report = new Report("jmh", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        ChainedOptionsBuilder b = new OptionsBuilder().include(include).forks(o.integer("forks", 1))
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .timeUnit(TimeUnit.SECONDS).jvmArgs("-Xmx512m");
        Collection<RunResult> results = new Runner(b.build()).run();
        Table t = new Table("JMH (ops/s, higher is better)", "benchmark", "ops/s", "± error");
        List<Map<String, Object>> json = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double seq = Double.NaN;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replace("dev.imlab.bench.jmh.", "");
            String params = r.getParams().getParamsKeys().isEmpty() ? "" : " " + r.getParams().getParamsKeys().stream()
                    .map(k -> k + "=" + r.getParams().getParam(k)).reduce((x, y) -> x + "," + y).orElse("");
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            t.row(name + params, score, Double.isNaN(error) ? "-" : Table.num(error));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", name + params);
            m.put("opsPerSecond", score);
            m.put("error", Double.isNaN(error) ? null : error);
            json.add(m);
            labels.add(name + params);
            values.add(score);
            if (name.endsWith("nextOnOneConversation")) {
                seq = score;
            }
        }
        report.table(t);
        report.put("results", json);
        if (!Double.isNaN(seq)) {
            report.target("DurableSeqAllocator.next on a warm conversation", seq, TARGET_SEQ_PER_SECOND, true, "ops/s",
                    "a HashMap lookup of the conversation id per call");
        }
        report.svg("jmh.svg", Svg.bars("JMH throughput", "ops/s", labels, values));
        return report;
    }
}
