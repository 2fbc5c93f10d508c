package dev.imlab.bench.hops;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.throughput.ThroughputScenario;

/**
 * Latency breakdown: a steady, moderate single-chat load (so queues do not hide the hops), then
 * the server's per-hop figures from {@code /api/v1/stats} beside the client's own split
 * (send → send_ack is gateway in → stored → ack out; send → push adds push and delivery).
 */
public final class HopsScenario {
    private final Options o;

    public HopsScenario(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        Options withDefaults = Options.parse();
        o.asMap().forEach(withDefaults::with);
        if (o.string("pairs", null) == null) {
            withDefaults.with("pairs", 20);
        }
        if (o.string("rate", null) == null) {
            withDefaults.with("rate", 2000);
        }
        if (o.string("duration", null) == null) {
            withDefaults.with("duration", "20s");
        }
        return new ThroughputScenario(withDefaults, "hops").run();
    }
}
