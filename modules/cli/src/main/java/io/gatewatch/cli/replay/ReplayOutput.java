package io.gatewatch.cli.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.cli.output.AvroJson;
import io.gatewatch.cli.scenario.InputLine;
import io.gatewatch.cli.scenario.Scenario;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Writes a replay's result in the files SCENARIOS.md names. */
public final class ReplayOutput {

    private ReplayOutput() {
    }

    public static void write(Path outDir, Scenario scenario, ReplayResult result) throws IOException {
        Files.createDirectories(outDir);
        try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve("incidents.jsonl"), StandardCharsets.UTF_8)) {
            for (Incident i : result.incidents()) {
                w.write(AvroJson.toLine(i));
                w.newLine();
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve("commands.jsonl"), StandardCharsets.UTF_8)) {
            for (RemediationCommand c : result.commands()) {
                w.write(AvroJson.toLine(c));
                w.newLine();
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve("deadletter.jsonl"), StandardCharsets.UTF_8)) {
            for (DeadLetter d : result.deadLetters()) {
                ObjectNode node = AvroJson.toJson(d);
                // The original line as text too, so a person can read what was rejected.
                node.put("line", text(d.getValue()));
                w.write(node.toString());
                w.newLine();
            }
        }
        Map<String, Integer> perFile = new TreeMap<>();
        for (InputLine line : scenario.lines()) {
            perFile.merge(line.file(), 1, Integer::sum);
        }
        ObjectNode summary = AvroJson.MAPPER.createObjectNode();
        summary.put("scenario", scenario.name());
        ObjectNode files = summary.putObject("linesRead");
        perFile.forEach(files::put);
        summary.put("entries", scenario.lines().size());
        summary.put("events", scenario.lines().size() - result.deadLetters().size());
        summary.put("deadLetters", result.deadLetters().size());
        summary.put("incidents", result.incidents().size());
        summary.put("incidentEvents", result.events().size());
        summary.put("commands", result.commands().size());
        Files.writeString(outDir.resolve("summary.json"),
                AvroJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
    }

    private static String text(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        ByteBuffer dup = value.duplicate();
        byte[] bytes = new byte[dup.remaining()];
        dup.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
