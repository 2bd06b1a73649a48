package io.gatewatch.cli.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The scenarios packaged with the CLI (the repository's scenarios/ directory), read in place. */
public final class BuiltInScenarios {

    private static final String ROOT = "scenarios";

    private BuiltInScenarios() {
    }

    /** Directories holding a scenario.json, sorted by name. */
    public static List<Path> list() {
        Path root = root();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("scenario.json")))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new ScenarioException("built-in scenarios not readable: " + e.getMessage(), e);
        }
    }

    private static Path root() {
        URL url = BuiltInScenarios.class.getClassLoader().getResource(ROOT);
        if (url == null) {
            throw new ScenarioException("no built-in scenarios on the class path (was the CLI built from the repository?)");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return fs.getPath("/" + ROOT);
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new ScenarioException("built-in scenarios not readable: " + e.getMessage(), e);
        }
    }
}
