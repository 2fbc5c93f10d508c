package dev.imlab.bench.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few figures of the server's Prometheus page ({@code /metrics}) a soak follows: heap in use,
 * live threads, open files, and each limit's refusals. Summed over a metric's series.
 */
final class ServerMetrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final double heapUsedBytes;
    final double threads;
    final double openFiles;
    /** limit tag to refusals so far */
    final Map<String, Double> refused;

    private ServerMetrics(double heapUsedBytes, double threads, double openFiles, Map<String, Double> refused) {
        this.heapUsedBytes = heapUsedBytes;
        this.threads = threads;
        this.openFiles = openFiles;
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
        double heap = 0;
        double threads = Double.NaN;
        double files = Double.NaN;
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
            if (series.startsWith("jvm_memory_used_bytes{") && series.contains("area=\"heap\"")) {
                heap += value;
            } else if (series.startsWith("jvm_threads_live_threads")) {
                threads = value;
            } else if (series.startsWith("process_files_open_files")) {
                files = value;
            } else if (series.startsWith("imlab_limits_refused_total{")) {
                refused.merge(tag(series, "limit"), value, Double::sum);
            }
        }
        return new ServerMetrics(heap, threads, files, refused);
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
