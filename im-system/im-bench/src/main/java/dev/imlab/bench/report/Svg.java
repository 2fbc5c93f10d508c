package dev.imlab.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Hand-written SVG plots: no charting library, so the bench jar stays small and the plots open in
 * any browser. Three kinds: latency by percentile (the x axis in "nines"), a value over time,
 * and bars.
 */
public final class Svg {
    private static final int W = 760;
    private static final int H = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    private Svg() {
    }

    /** Latency (ms) against percentile, x = log10(1 / (1 - p)): 0 at p50... 90, 99, 99.9, 99.99. */
    public static String percentiles(String title, Map<String, Histogram> series) {
        double maxX = 4; // 99.99
        double maxY = 0;
        for (Histogram h : series.values()) {
            maxY = Math.max(maxY, Latency.ms(h, 99.99));
        }
        maxY = niceCeil(maxY);
        StringBuilder s = open(title, "percentile", "latency (ms)");
        double[] ticks = {0, 1, 2, 3, 4};
        String[] names = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int i = 0; i < ticks.length; i++) {
            double x = x(ticks[i], maxX);
            s.append(line(x, TOP, x, H - BOTTOM, "#eee")).append(text(x, H - BOTTOM + 18, names[i], "middle"));
        }
        yAxis(s, maxY);
        int c = 0;
        for (Map.Entry<String, Histogram> e : series.entrySet()) {
            Histogram h = e.getValue();
            if (h.getTotalCount() == 0) {
                continue;
            }
            StringBuilder pts = new StringBuilder();
            for (double nines = 0; nines <= maxX + 1e-9; nines += 0.05) {
                double p = 100 * (1 - Math.pow(10, -nines));
                pts.append(fmt(x(nines, maxX))).append(',').append(fmt(y(Latency.ms(h, p), maxY))).append(' ');
            }
            s.append("<polyline fill='none' stroke-width='2' stroke='").append(COLOURS[c % COLOURS.length])
                    .append("' points='").append(pts).append("'/>\n");
            legend(s, c++, e.getKey());
        }
        return s.append("</svg>\n").toString();
    }

    /** Values over time, x in seconds. */
    public static String overTime(String title, String yLabel, double[] seconds, Map<String, double[]> series) {
        double maxX = seconds.length == 0 ? 1 : Math.max(1, seconds[seconds.length - 1]);
        double maxY = 0;
        for (double[] v : series.values()) {
            for (double d : v) {
                if (!Double.isNaN(d)) {
                    maxY = Math.max(maxY, d);
                }
            }
        }
        maxY = niceCeil(maxY);
        StringBuilder s = open(title, "time (s)", yLabel);
        for (int i = 0; i <= 5; i++) {
            double t = maxX * i / 5;
            s.append(line(x(t, maxX), TOP, x(t, maxX), H - BOTTOM, "#eee"))
                    .append(text(x(t, maxX), H - BOTTOM + 18, fmt(t), "middle"));
        }
        yAxis(s, maxY);
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            StringBuilder pts = new StringBuilder();
            double[] v = e.getValue();
            for (int i = 0; i < v.length && i < seconds.length; i++) {
                if (!Double.isNaN(v[i])) {
                    pts.append(fmt(x(seconds[i], maxX))).append(',').append(fmt(y(v[i], maxY))).append(' ');
                }
            }
            s.append("<polyline fill='none' stroke-width='2' stroke='").append(COLOURS[c % COLOURS.length])
                    .append("' points='").append(pts).append("'/>\n");
            legend(s, c++, e.getKey());
        }
        return s.append("</svg>\n").toString();
    }

    /** Horizontal bars with their values written beside them. */
    public static String bars(String title, String unit, List<String> labels, List<Double> values) {
        int h = TOP + 30 * labels.size() + 30;
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        StringBuilder s = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='" + W + "' height='" + h
                + "' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n");
        s.append(text(W / 2.0, 22, esc(title), "middle").replace("font-size='12'", "font-size='15'"));
        int labelW = 260;
        for (int i = 0; i < labels.size(); i++) {
            double y = TOP + 30 * i;
            double w = (W - labelW - 120) * values.get(i) / max;
            s.append(text(labelW - 8, y + 15, esc(labels.get(i)), "end"));
            s.append(String.format(Locale.ROOT, "<rect x='%d' y='%.1f' width='%.1f' height='20' fill='%s'/>%n", labelW, y, w,
                    COLOURS[i % COLOURS.length]));
            s.append(text(labelW + w + 6, y + 15, Table.num(values.get(i)) + " " + esc(unit), "start"));
        }
        return s.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title, String xLabel, String yLabel) {
        StringBuilder s = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='" + W + "' height='" + H
                + "' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n");
        s.append(text(W / 2.0, 22, esc(title), "middle").replace("font-size='12'", "font-size='15'"));
        s.append(line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "#333")).append(line(LEFT, TOP, LEFT, H - BOTTOM, "#333"));
        s.append(text((LEFT + W - RIGHT) / 2.0, H - 12, esc(xLabel), "middle"));
        s.append(String.format(Locale.ROOT, "<text x='16' y='%d' transform='rotate(-90 16 %d)' text-anchor='middle'>%s</text>%n",
                (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, esc(yLabel)));
        return s;
    }

    private static void yAxis(StringBuilder s, double maxY) {
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            s.append(line(LEFT, y(v, maxY), W - RIGHT, y(v, maxY), "#eee"))
                    .append(text(LEFT - 6, y(v, maxY) + 4, Table.num(v), "end"));
        }
    }

    private static void legend(StringBuilder s, int i, String name) {
        double y = TOP + 8 + 16 * i;
        s.append(line(LEFT + 12, y, LEFT + 32, y, COLOURS[i % COLOURS.length]).replace("stroke-width='1'", "stroke-width='3'"))
                .append(text(LEFT + 38, y + 4, esc(name), "start"));
    }

    private static double x(double v, double max) {
        return LEFT + (W - LEFT - RIGHT) * v / max;
    }

    private static double y(double v, double max) {
        return H - BOTTOM - (H - TOP - BOTTOM) * Math.min(v, max) / (max == 0 ? 1 : max);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s' stroke-width='1'/>%n",
                x1, y1, x2, y2, colour);
    }

    private static String text(double x, double y, String t, String anchor) {
        return String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='%s' font-size='12'>%s</text>%n", x, y, anchor, t);
    }

    private static double niceCeil(double v) {
        if (!(v > 0) || Double.isNaN(v)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
