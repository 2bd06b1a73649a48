package io.gatewatch.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sections of ../shared/captures (the build passes gatewatch.shared.dir). */
final class Captures {

    private Captures() {
    }

    static Path sharedDir() {
        return Path.of(System.getProperty("gatewatch.shared.dir", "../../../shared")).toAbsolutePath().normalize();
    }

    /** The lines under "---- logs/NAME", blank lines kept, up to the next section. */
    static List<String> section(String captureFile, String logName) {
        Path file = sharedDir().resolve("captures").resolve(captureFile);
        try {
            List<String> out = new ArrayList<>();
            boolean in = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("---- ") || line.startsWith("################")) {
                    in = line.equals("---- logs/" + logName);
                    continue;
                }
                if (in) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("capture " + file + " not readable; set -Dgatewatch.shared.dir", e);
        }
    }
}
