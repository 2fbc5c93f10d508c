package dev.imlab.labs.lab12;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

/**
 * Incidents and their ids, kept in {@code labs/incident/}: {@code current.properties} names the
 * last incident started (its id, its process, when), {@code history} the ids of earlier ones.
 *
 * <p>An id names its fault only through a hash ({@link #faultOf}), so that the files, the output
 * and the command line never name it. A new incident's fault is drawn at random among those the
 * last two incidents did not have, so three incidents in a row have three different faults.
 */
public final class Incidents {
    /** Where the incident files go, from the repository root. */
    public static final Path DIR = Path.of("labs", "incident");
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final int REMEMBERED = 2;

    private Incidents() {
    }

    /** The fault incident {@code id} hides. */
    public static Fault faultOf(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            int n = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
            return Fault.values()[Math.floorMod(n, Fault.values().length)];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new id that hides {@code fault}. */
    public static String newId(Fault fault, Random random) {
        while (true) {
            StringBuilder id = new StringBuilder("INC-");
            for (int i = 0; i < 5; i++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (faultOf(id.toString()) == fault) {
                return id.toString();
            }
        }
    }

    /**
     * Starts a new incident in {@code dir}: draws its fault among those the last {@value #REMEMBERED}
     * did not have, and records it as the current one, for the process {@code pid}.
     */
    static String begin(Path dir, long pid) {
        List<String> history = history(dir);
        Set<Fault> candidates = EnumSet.allOf(Fault.class);
        for (String earlier : history.subList(Math.max(0, history.size() - REMEMBERED), history.size())) {
            candidates.remove(faultOf(earlier));
        }
        Random random = new SecureRandom();
        List<Fault> choice = new ArrayList<>(candidates);
        String id = newId(choice.get(random.nextInt(choice.size())), random);
        history.add(id);
        Properties current = new Properties();
        current.setProperty("id", id);
        current.setProperty("pid", Long.toString(pid));
        current.setProperty("started", Instant.now().toString());
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("history"), history, StandardCharsets.UTF_8);
            try (Writer out = Files.newBufferedWriter(dir.resolve("current.properties"), StandardCharsets.UTF_8)) {
                current.store(out, "the incident running now, or last; its id is all the lab12 test needs");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the incident's files in " + dir, e);
        }
        return id;
    }

    /** The last incident started in {@code dir}: its id and the pid of its process; empty if none. */
    public static Optional<Properties> current(Path dir) {
        Path file = dir.resolve("current.properties");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p.getProperty("id", "").isBlank() ? Optional.empty() : Optional.of(p);
    }

    private static List<String> history(Path dir) {
        Path file = dir.resolve("history");
        try {
            List<String> ids = new ArrayList<>();
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        ids.add(line.trim());
                    }
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
