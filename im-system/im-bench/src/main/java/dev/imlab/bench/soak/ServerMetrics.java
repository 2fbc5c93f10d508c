package dev.imlab.bench.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a soak reads from the server's Prometheus page ({@code /metrics}): each limit's refusals,
 * summed over a limit's series. Memory, threads and open files it reads from the process itself.
 */
final class ServerMetrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** limit tag to refusals so far */
    final Map<String, Double> refused;

    private ServerMetrics(Map<String, Double> refused) {
        this.refused = refused;
    }

    static ServerMetrics read(URI base) {
        String text;
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            text = r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            text = "";
        }
        return parse(text);
    }

    static ServerMetrics parse(String text) {
        Map<String, Double> refused = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            String series = line.substring(0, space);
            if (series.startsWith("imlab_limits_refused_total{")) {
                refused.merge(tag(series, "limit"), value, Double::sum);
            }
        }
        return new ServerMetrics(refused);
    }

    private static String tag(String series, String name) {
        int at = series.indexOf(name + "=\"");
        if (at < 0) {
            return "?";
        }
        int from = at + name.length() + 2;
        return series.substring(from, series.indexOf('"', from));
    }
}
