package io.gatewatch.cli.scenario;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/** A scenario read from disk: its spec and its entries in event-time order. */
public record Scenario(Path dir, ScenarioSpec spec, ZoneId zone, List<InputLine> lines) {

    public Scenario {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(zone, "zone");
        lines = List.copyOf(lines);
    }

    public String name() {
        return spec.name();
    }
}
