package io.gatewatch.embedded.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts the JDK HTTP server to {@link RegistryApi}: decodes path, query and body, and writes the
 * answer with the content type the client accepts.
 *
 * <p>Request content types are not enforced: Confluent's clients send
 * {@code application/vnd.schemaregistry.v1+json}, curl users {@code application/json} or nothing,
 * and the body is parsed as JSON either way.
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    private static final String PLAIN_JSON = "application/json";
    // far above any real schema; keeps a stray upload from filling the heap
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final RegistryApi api;

    RegistryHttpHandler(RegistryApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiResponse response;
            try {
                response = respond(exchange);
            } catch (RuntimeException e) {
                LOG.error("schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = ApiResponse.error(500, 500, "Internal Server Error: " + e);
            }
            LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), response.status());
            byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .set("Content-Type", contentType(exchange.getRequestHeaders().getFirst("Accept")));
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private ApiResponse respond(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return ApiResponse.error(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        URI uri = exchange.getRequestURI();
        return api.handle(new ApiRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                segments(uri.getRawPath()), query(uri.getRawQuery()), new String(body, StandardCharsets.UTF_8)));
    }

    /** Path segments, each percent-decoded on its own so that an encoded '/' stays inside a subject. */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath != null) {
            for (String raw : rawPath.split("/")) {
                if (!raw.isEmpty()) {
                    segments.add(decode(raw));
                }
            }
        }
        return segments;
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String raw) {
        // URLDecoder is for forms and would turn a literal '+' in a path into a space
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The registry's own type unless the client asked for plain JSON only. */
    private static String contentType(String accept) {
        if (accept == null || accept.isBlank() || accept.contains("schemaregistry") || accept.contains("*/*")
                || !accept.contains(PLAIN_JSON)) {
            return V1_JSON;
        }
        return PLAIN_JSON;
    }
}
