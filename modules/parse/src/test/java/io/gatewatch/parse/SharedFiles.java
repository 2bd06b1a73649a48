package io.gatewatch.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads sections of ../shared/captures, whose location the build passes as gatewatch.shared.dir. */
public final class SharedFiles {

    public static Path sharedDir() {
        String dir = System.getProperty("gatewatch.shared.dir", "../../../shared");
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /** The lines under "---- logs/NAME" in a capture file, up to the next section. */
    public static List<String> captureSection(String captureFile, String logName) {
        Path file = sharedDir().resolve("captures").resolve(captureFile);
        try {
            List<String> out = new ArrayList<>();
            boolean in = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("---- ") || line.startsWith("################")) {
                    in = line.equals("---- logs/" + logName);
                    continue;
                }
                if (in && !line.isEmpty()) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("capture " + file + " not readable; set -Dgatewatch.shared.dir", e);
        }
    }

    private SharedFiles() {
    }
}
