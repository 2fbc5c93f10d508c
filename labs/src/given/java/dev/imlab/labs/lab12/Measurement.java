package dev.imlab.labs.lab12;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What one run of an incident measured in its window: each hop of the dashboard's table (p50, p99,
 * count), what the users saw (send to send_ack, send to push), and the sends refused. Written by
 * the run's process, read by the test.
 */
public final class Measurement {
    private final Properties values;

    Measurement(Properties values) {
        this.values = values;
    }

    static Measurement of(Map<Hop, Latencies> hops, Users.Window users, double seconds) {
        Properties p = new Properties();
        hops.forEach((hop, l) -> put(p, "hop." + hop.label(), l));
        put(p, "users.send>send_ack", users.sendToAck);
        put(p, "users.send>push", users.sendToPush);
        p.setProperty("users.sends", Long.toString(users.sends.get()));
        p.setProperty("users.refusals", Long.toString(users.refusals.get()));
        p.setProperty("users.unanswered", Long.toString(users.unanswered.get()));
        p.setProperty("seconds", Double.toString(seconds));
        return new Measurement(p);
    }

    private static void put(Properties p, String key, Latencies l) {
        p.setProperty(key + ".p50", Double.toString(l.percentileMs(0.5)));
        p.setProperty(key + ".p99", Double.toString(l.percentileMs(0.99)));
        p.setProperty(key + ".count", Integer.toString(l.count()));
    }

    public static Measurement read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Measurement(p);
    }

    void write(Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            values.store(out, "one run of an incident");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private double get(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("the run measured no " + key);
        }
        return Double.parseDouble(v);
    }

    public double hopP99(Hop hop) {
        return get("hop." + hop.label() + ".p99");
    }

    public double sendToAckP99() {
        return get("users.send>send_ack.p99");
    }

    public double hopP50(Hop hop) {
        return get("hop." + hop.label() + ".p50");
    }

    public double sendToAckP50() {
        return get("users.send>send_ack.p50");
    }

    public double sendToPushP50() {
        return get("users.send>push.p50");
    }

    public double refusalsPerThousandSends() {
        double sends = get("users.sends");
        return sends == 0 ? 0 : 1000 * get("users.refusals") / sends;
    }

    /** Messages the users sent in the window. */
    public long sends() {
        return (long) get("users.sends");
    }

    /** The symptom as {@code measure} sees it, on {@code hop} where it names one. */
    public double symptom(Fault.Measure measure, Hop hop) {
        return switch (measure) {
            case NAMED_HOP_P50 -> hop == Hop.DEVICE_LINK ? sendToAckP50() : hopP50(hop);
            case SEND_TO_ACK_P50 -> sendToAckP50();
            case SEND_TO_PUSH_P50 -> sendToPushP50();
            case REFUSALS_PER_THOUSAND_SENDS -> refusalsPerThousandSends();
        };
    }

    /** The run as a table, like the dashboard's, with what the users saw below it. */
    public String table(String title) {
        StringBuilder t = new StringBuilder(title).append(System.lineSeparator())
                .append(String.format("  %-34s %9s %9s %7s%n", "hop", "p50 ms", "p99 ms", "count"));
        for (Hop hop : Hop.values()) {
            if (hop != Hop.DEVICE_LINK) {
                row(t, hop.label(), "hop." + hop.label());
            }
        }
        row(t, "users: send -> send_ack", "users.send>send_ack");
        row(t, "users: send -> push", "users.send>push");
        t.append(String.format("  %-34s %s sent, %s refused and retried, %s unanswered%n", "users:",
                values.getProperty("users.sends"), values.getProperty("users.refusals"),
                values.getProperty("users.unanswered")));
        return t.toString();
    }

    private void row(StringBuilder t, String name, String key) {
        t.append(String.format("  %-34s %9.1f %9.1f %7.0f%n", name, get(key + ".p50"), get(key + ".p99"), get(key + ".count")));
    }
}
