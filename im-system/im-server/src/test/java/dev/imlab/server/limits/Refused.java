package dev.imlab.server.limits;

import java.net.URI;

/**
 * The {@code imlab.limits.refused} counters as {@code GET /metrics} shows them
 * ({@code imlab_limits_refused_total{limit="..."}}). Counters only grow and a class's server is
 * shared by its tests, so a test compares a count with the one before its action.
 */
final class Refused {
    private final URI base;

    Refused(URI base) {
        this.base = base;
    }

    /** The count of refusals by {@code limit} (its tag); fails if /metrics has no such counter. */
    long count(String limit) {
        FromAddress.Response metrics = FromAddress.fresh(base).get("/metrics");
        if (metrics.status() != 200) {
            throw new AssertionError("GET /metrics answered " + metrics.status() + ": " + metrics.body());
        }
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("imlab_limits_refused_total{") && line.contains("limit=\"" + limit + "\"")) {
                return Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        throw new AssertionError("no imlab_limits_refused_total{limit=\"" + limit + "\"} on /metrics");
    }
}
