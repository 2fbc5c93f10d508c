package dev.imlab.bench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --name value} pairs and bare {@code --flag}s; anything else is a positional argument. Kept
 * in the order given, so that {@link #arguments()} can write the command line back.
 */
public final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    public static Options parse(String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    o.values.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (i + 1 < args.length && (!args[i + 1].startsWith("--") || takesArguments(name))) {
                    o.values.put(name, args[++i]);
                } else {
                    o.values.put(name, "true");
                }
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    /**
     * Options whose value is itself a list of arguments ({@code --server-args "--imlab.x=1"}): the next
     * argument is their value even when it starts with {@code --}.
     */
    private static boolean takesArguments(String name) {
        return name.endsWith("-args");
    }

    /** Another set with the same values, to change without changing this one. */
    public Options copy() {
        Options o = new Options();
        o.values.putAll(values);
        o.positional.addAll(positional);
        return o;
    }

    public Options with(String name, Object value) {
        values.put(name, String.valueOf(value));
        return this;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v.replace("_", "").replace(",", ""));
    }

    public double decimal(String name, double fallback) {
        String v = values.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, or plain seconds. */
    public Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    public List<String> positional() {
        return positional;
    }

    /** Everything given, for the report. */
    public Map<String, String> asMap() {
        return new LinkedHashMap<>(values);
    }

    /**
     * Arguments that parse back to these options, less those named in {@code leaveOut}: positional
     * ones first (a bare flag would take the next word as its value), a flag whose value is
     * {@code true} bare, a value with a space in single quotes.
     */
    public List<String> arguments(String... leaveOut) {
        List<String> out = new ArrayList<>();
        positional.forEach(p -> out.add(quoted(p)));
        values.forEach((name, value) -> {
            if (!List.of(leaveOut).contains(name)) {
                out.add("--" + name);
                if (!value.equals("true")) {
                    out.add(quoted(value));
                }
            }
        });
        return out;
    }

    private static String quoted(String s) {
        return s.isEmpty() || s.chars().anyMatch(Character::isWhitespace) ? "'" + s + "'" : s;
    }
}
