package dev.imlab.server.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** A value generated once and kept in a file of the data folder: restarts, and every process sharing the folder, see the same one. */
final class KeptValue {
    private KeptValue() {
    }

    static String readOrCreate(Path dataDir, String name, Supplier<String> generate) {
        Path file = dataDir.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String value = generate.get();
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, name, ".tmp");
            Files.writeString(tmp, value, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file); // not replacing: if another process won the race, use its value
            } catch (FileAlreadyExistsException e) {
                Files.delete(tmp);
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
