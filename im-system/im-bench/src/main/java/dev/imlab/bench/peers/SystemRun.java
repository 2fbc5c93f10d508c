package dev.imlab.bench.peers;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one system did in the run; {@code skipped} or {@code failed} say why a part is missing. */
final class SystemRun {
    /** As {@code --systems} names it: {@code ejabberd}. */
    final String id;
    /** As the report names it, with its version: {@code ejabberd 23.01}. */
    final String name;
    String skipped;
    String failed;
    Map<String, Object> setup = new LinkedHashMap<>();
    PeerSystem.Promise promise;
    IdleConnections.Result idle;
    PairResult flatOut;
    PairResult fixedRate;
    /** imlab only: the server's latency per hop right after the fixed-rate run. */
    tools.jackson.databind.JsonNode hops;

    SystemRun(String id, String name) {
        this.id = id;
        this.name = name;
    }

    boolean imlab() {
        return id.equals("imlab");
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("skipped", skipped);
        m.put("failed", failed);
        m.put("setup", setup);
        if (promise != null) {
            m.put("promise", promise.full());
        }
        m.put("idleConnections", idle == null ? null : idle.asMap());
        m.put("flatOut", flatOut == null ? null : flatOut.asMap());
        m.put("fixedRate", fixedRate == null ? null : fixedRate.asMap());
        m.put("hopsAfterFixedRate", hops);
        return m;
    }
}
