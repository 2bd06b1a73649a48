package io.gatewatch.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatewatch.topology.GatewatchConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Topology settings shared by the commands: a file (.properties, .yaml or .json with the keys of
 * {@link GatewatchConfig}) and {@code --set key=value} overrides, parsed once into the typed config.
 */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (.properties, .yaml/.yml or .json) with keys such as detection.window, remediation.mode.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set detection.min.errors=10.")
    Map<String, String> overrides = new HashMap<>();

    public GatewatchConfig load(String schemaRegistryUrl) {
        Map<String, String> props = properties();
        props.putIfAbsent(GatewatchConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return GatewatchConfig.from(props);
    }

    /** The file's settings with the overrides applied, as flat keys (also those outside GatewatchConfig). */
    public Map<String, String> properties() {
        Map<String, String> props = new HashMap<>();
        if (file != null) {
            props.putAll(read(file));
        }
        props.putAll(overrides);
        return props;
    }

    static Map<String, String> read(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".properties")) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file)) {
                    p.load(r);
                }
                Map<String, String> out = new HashMap<>();
                p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
                return out;
            }
            ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
            Map<String, String> out = new HashMap<>();
            flatten("", mapper.readTree(file.toFile()), out);
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Nested YAML keys become dotted ones: detection: {window: 10s} is detection.window. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else {
            out.put(prefix, node.asText());
        }
    }
}
