package dev.imlab.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with aligned columns. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final String title;

    public Table(String title, String... header) {
        this.title = title;
        rows.add(header);
    }

    public Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] instanceof Double d ? num(d) : String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    public String render() {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder("\n").append(title).append('\n');
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            out.append("  ");
            for (int i = 0; i < r.length; i++) {
                out.append(i == 0 ? pad(r[i], width[i]) : padLeft(r[i], width[i])).append(i + 1 < r.length ? "  " : "");
            }
            out.append('\n');
            if (n == 0) {
                out.append("  ");
                for (int i = 0; i < cols; i++) {
                    out.append("-".repeat(width[i])).append(i + 1 < cols ? "  " : "");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** 12,345 / 123.4 / 1.23 / 0.012: enough digits to read, no more. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }
}
