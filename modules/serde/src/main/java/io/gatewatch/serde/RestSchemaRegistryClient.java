package io.gatewatch.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API over the JDK's HTTP client.
 *
 * <p>Schemas never change once registered, so ids and schemas are cached both ways for the life
 * of the client and the serializers make no HTTP call after the first record of each type. The
 * URL may list several registry nodes separated by commas; a node that cannot be reached is
 * skipped and the next one tried, and the node that answered last is asked first next time.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    // what Confluent's own clients send, so that registries that negotiate answer the same way
    static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
            + "application/json";

    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> baseUrls;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    // keyed by schema text: Schema.equals ignores docs, but the registry gives a re-documented schema its own id
    private final ConcurrentMap<String, ConcurrentMap<String, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private volatile int preferred;

    /** A client with {@link #DEFAULT_CONNECT_TIMEOUT} and {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public RestSchemaRegistryClient(String urls) {
        this(urls, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param urls           one base URL or several separated by commas, e.g. {@code http://sr1:8081,http://sr2:8081}
     * @param connectTimeout how long to wait for a TCP connection to one node
     * @param requestTimeout how long to wait for one node's answer
     */
    public RestSchemaRegistryClient(String urls, Duration connectTimeout, Duration requestTimeout) {
        this.baseUrls = parseUrls(Objects.requireNonNull(urls, "urls"));
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The base URLs this client talks to, in the order given. */
    public List<String> urls() {
        return baseUrls;
    }

    @Override
    public int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer;
        try {
            answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        } catch (SchemaRegistryException e) {
            if (e.isIncompatible()) {
                throw new SchemaRegistryException("schema for subject " + subject + " rejected as incompatible ("
                        + levelForMessage(subject) + "): " + e.registryMessage() + " (HTTP " + e.httpStatus()
                        + ", error_code " + e.errorCode() + ")", e.httpStatus(), e.errorCode(), e.registryMessage(), e);
            }
            throw e;
        }
        int id = requiredInt(answer, "id", "register");
        remember(subject, schema, id);
        LOG.debug("registered schema {} under subject {} as id {}", schema.getFullName(), subject, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        Schema schema = Schemas.parse(requiredText(answer, "schema", "schema by id"));
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public int idFor(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = requiredInt(answer, "id", "look-up");
        remember(subject, schema, id);
        return id;
    }

    @Override
    public List<Integer> versions(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(Objects.requireNonNull(subject, "subject")) + "/versions",
                null);
        List<Integer> versions = new ArrayList<>();
        answer.forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Objects.requireNonNull(subject, "subject");
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        int id = requiredInt(answer, "id", "latest version");
        Schema schema = schemasById.computeIfAbsent(id,
                ignored -> Schemas.parse(requiredText(answer, "schema", "latest version")));
        return new RegisteredSchema(subject, requiredInt(answer, "version", "latest version"), id, schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        try {
            JsonNode answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            // older registries answer 404 for a subject without versions; anything is compatible with nothing
            if (e.errorCode() == RegistryErrors.SUBJECT_NOT_FOUND
                    || e.errorCode() == RegistryErrors.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = call("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        answer.forEach(s -> subjects.add(s.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        Objects.requireNonNull(subject, "subject");
        try {
            return level(call("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null));
        } catch (SchemaRegistryException e) {
            // registries without defaultToGlobal answer 404 when the subject has no level of its own
            if (e.isNotFound()) {
                return globalCompatibility();
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return level(call("GET", "/config", null));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        call("PUT", "/config/" + encode(Objects.requireNonNull(subject, "subject")), levelBody(level));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        call("PUT", "/config", levelBody(level));
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + baseUrls;
    }

    // ---- HTTP ----

    private JsonNode call(String method, String path, JsonNode body) {
        String payload = body == null ? null : body.toString();
        List<String> failures = new ArrayList<>();
        int first = preferred;
        for (int i = 0; i < baseUrls.size(); i++) {
            int index = (first + i) % baseUrls.size();
            String base = baseUrls.get(index);
            HttpResponse<String> response;
            try {
                response = http.send(request(method, base + path, payload),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // connection refused, reset or timed out: another node may well be up
                failures.add(base + " (" + describe(e) + ")");
                if (baseUrls.size() > 1) {
                    LOG.warn("schema registry at {} unreachable for {} {}: {}", base, method, path, describe(e));
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling schema registry at " + base
                        + " (" + method + " " + path + ")", e);
            }
            preferred = index;
            return answer(base, method, path, response);
        }
        throw new SchemaRegistryException("schema registry at " + String.join(",", baseUrls) + " unreachable: "
                + method + " " + path + " failed on " + String.join("; ", failures), null);
    }

    private HttpRequest request(String method, String url, String payload) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        if (payload == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static JsonNode answer(String base, String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        if (status / 100 == 2) {
            try {
                return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new SchemaRegistryException("schema registry at " + base + " answered " + method + " " + path
                        + " with a body that is not JSON: " + abbreviate(text), status, 0, null, e);
            }
        }
        int errorCode = 0;
        String registryMessage = abbreviate(text);
        try {
            JsonNode error = JSON.readTree(text);
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(0);
                registryMessage = error.path("message").asText(registryMessage);
            }
        } catch (JsonProcessingException notJson) {
            // proxies answer with HTML; the abbreviated body is the best message there is
        }
        throw new SchemaRegistryException("schema registry at " + base + " answered " + method + " " + path
                + " with HTTP " + status + (errorCode != 0 ? ", error_code " + errorCode : "") + ": "
                + registryMessage, status, errorCode, registryMessage, null);
    }

    // ---- helpers ----

    private Integer cachedId(String subject, Schema schema) {
        ConcurrentMap<String, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(Schemas.canonical(schema));
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(Schemas.canonical(schema), id);
        schemasById.putIfAbsent(id, schema);
    }

    /** The level for an error message; a failure here must not hide the original error. */
    private String levelForMessage(String subject) {
        try {
            return compatibility(subject).name();
        } catch (RuntimeException e) {
            return "level unknown";
        }
    }

    private static CompatibilityLevel level(JsonNode answer) {
        // GET answers "compatibilityLevel"; some registries echo the PUT's "compatibility"
        JsonNode level = answer.has("compatibilityLevel")
                ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw new SchemaRegistryException("schema registry answered a config request without a compatibility "
                    + "level: " + abbreviate(answer.toString()), 0, 0);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private static JsonNode schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", Schemas.canonical(schema));
        return body;
    }

    private static JsonNode levelBody(CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode();
        body.put("compatibility", Objects.requireNonNull(level, "level").name());
        return body;
    }

    private static int requiredInt(JsonNode answer, String field, String what) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("schema registry answered " + what + " without an integer '" + field
                    + "': " + abbreviate(answer.toString()), 0, 0);
        }
        return value.asInt();
    }

    private static String requiredText(JsonNode answer, String field, String what) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) {
            throw new SchemaRegistryException("schema registry answered " + what + " without a text '" + field
                    + "': " + abbreviate(answer.toString()), 0, 0);
        }
        return value.asText();
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> parseUrls(String urls) {
        List<String> parsed = Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(u -> !u.isEmpty())
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .toList();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("schema registry URL is empty");
        }
        for (String url : parsed) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new IllegalArgumentException("schema registry URL must start with http:// or https://, got '"
                        + url + "'");
            }
            URI.create(url); // fail now, not on the first record
        }
        return parsed;
    }

    /** Exception chain in one line: the JDK's ConnectException often has no message of its own. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
