package io.gatewatch.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/** The serde settings, under the names Confluent's serdes use so existing configs carry over. */
public final class SerdeConfig {

    /** Base URL(s) of the registry, comma-separated, or {@code mock://NAME}. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Whether serializers register their schema (default) or only look it up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private SerdeConfig() {
    }

    static SchemaRegistryClient client(Map<String, ?> configs) {
        Objects.requireNonNull(configs, "configs");
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required by the Gatewatch Avro serdes");
        }
        // a List (as some frameworks pass multi-valued settings) becomes the usual comma-separated form
        String text = url instanceof Iterable<?> list ? String.join(",", toStrings(list)) : url.toString();
        return SchemaRegistryClients.forUrl(text);
    }

    static boolean autoRegister(Map<String, ?> configs) {
        Object value = configs.get(AUTO_REGISTER_SCHEMAS);
        return value == null || Boolean.parseBoolean(value.toString().trim());
    }

    private static List<String> toStrings(Iterable<?> values) {
        List<String> strings = new ArrayList<>();
        values.forEach(v -> strings.add(String.valueOf(v)));
        return strings;
    }
}
