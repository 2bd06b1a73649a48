package io.gatewatch.serde;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns a {@code schema.registry.url} into a client.
 *
 * <p>Kafka Streams configures a fresh serde for every task, so clients are shared per URL: one
 * HTTP client and one cache per registry instead of one per task.
 */
public final class SchemaRegistryClients {

    /** Prefix of in-process registries, as with Confluent's serdes. */
    public static final String MOCK_SCHEME = "mock://";

    private static final ConcurrentMap<String, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    /**
     * The client for {@code url}: the {@link InMemorySchemaRegistry} named by {@code mock://NAME},
     * else a shared {@link RestSchemaRegistryClient} for the (comma-separated) HTTP URLs.
     */
    public static SchemaRegistryClient forUrl(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith(MOCK_SCHEME)) {
            String scope = trimmed.substring(MOCK_SCHEME.length());
            if (scope.isEmpty() || scope.contains(",")) {
                throw new IllegalArgumentException("a mock schema registry URL names exactly one scope, got '"
                        + url + "'");
            }
            return InMemorySchemaRegistry.forScope(scope);
        }
        return SHARED.computeIfAbsent(trimmed, RestSchemaRegistryClient::new);
    }
}
