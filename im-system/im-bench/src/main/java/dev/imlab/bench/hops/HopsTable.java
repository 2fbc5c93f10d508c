package dev.imlab.bench.hops;

import dev.imlab.bench.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Renders the gateway's {@code hops} (gateway in → kafka → transfer consumed → stored → push
 * produced → gateway out) whatever its exact shape: an object of hop → figures, or a list of
 * objects with a name. The slowest hop is marked so it is visible at once.
 */
public final class HopsTable {
    private HopsTable() {
    }

    public static Table render(JsonNode hops) {
        List<String> names = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        if (hops.isObject()) {
            for (Map.Entry<String, JsonNode> e : hops.properties()) {
                names.add(e.getKey());
                values.add(e.getValue());
            }
        } else if (hops.isArray()) {
            for (JsonNode n : hops) {
                JsonNode name = n.has("name") ? n.get("name") : n.get("hop");
                names.add(name == null ? "?" : name.asString());
                values.add(n);
            }
        }
        List<String> fields = new ArrayList<>();
        for (JsonNode v : values) {
            if (v.isObject()) {
                for (Map.Entry<String, JsonNode> f : v.properties()) {
                    if (f.getValue().isNumber() && !fields.contains(f.getKey())) {
                        fields.add(f.getKey());
                    }
                }
            }
        }
        String slowField = fields.contains("p99") ? "p99"
                : fields.stream().filter(f -> f.toLowerCase(java.util.Locale.ROOT).contains("p99")).findFirst().orElse(null);
        double slowest = -1;
        int slowIndex = -1;
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            boolean total = names.get(i).toLowerCase(java.util.Locale.ROOT).contains("end");
            if (!total && slowField != null && v.has(slowField) && v.get(slowField).asDouble() > slowest) {
                slowest = v.get(slowField).asDouble();
                slowIndex = i;
            }
        }
        List<String> header = new ArrayList<>();
        header.add("hop (server's /api/v1/stats)");
        header.addAll(fields);
        header.add("");
        Table t = new Table("Latency per hop, as the server measured it", header.toArray(String[]::new));
        for (int i = 0; i < names.size(); i++) {
            List<Object> row = new ArrayList<>();
            row.add(names.get(i));
            JsonNode v = values.get(i);
            for (String f : fields) {
                row.add(v.isObject() && v.has(f) ? (Object) v.get(f).asDouble() : (v.isNumber() ? v.asDouble() : "-"));
            }
            row.add(i == slowIndex ? "<- slowest" : "");
            t.row(row.toArray());
        }
        return t;
    }
}
