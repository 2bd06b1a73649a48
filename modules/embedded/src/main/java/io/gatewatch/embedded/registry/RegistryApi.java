package io.gatewatch.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.serde.CompatibilityLevel;
import io.gatewatch.serde.RegistryErrors;
import io.gatewatch.serde.SchemaRegistryException;
import io.gatewatch.serde.Schemas;
import io.gatewatch.serde.StoredSchema;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * The Confluent Schema Registry REST subset, as a function from request to response.
 *
 * <p>Routes: {@code /subjects[/{s}[/versions[/{v}[/schema]]]]}, {@code /schemas/ids/{id}[/schema]},
 * {@code /schemas/types}, {@code /config[/{s}]}, {@code /compatibility/subjects/{s}/versions[/{v}]},
 * {@code /mode} and {@code /}. Kept apart from HTTP so that the routing is tested without sockets.
 */
final class RegistryApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryService service;

    RegistryApi(RegistryService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (SchemaRegistryException e) {
            return ApiResponse.error(e);
        }
    }

    private ApiResponse route(ApiRequest r) {
        List<String> p = r.path();
        if (p.isEmpty()) {
            expect(r, "GET");
            return ApiResponse.ok(JSON.createObjectNode());
        }
        switch (p.get(0)) {
            case "subjects":
                return subjects(r);
            case "schemas":
                return schemas(r);
            case "config":
                return config(r);
            case "compatibility":
                return compatibility(r);
            case "mode":
                if (p.size() == 1) {
                    expect(r, "GET");
                    // the embedded registry never imports or goes read-only
                    return ApiResponse.ok(JSON.createObjectNode().put("mode", "READWRITE"));
                }
                throw notFound();
            default:
                throw notFound();
        }
    }

    // ---- /subjects ----

    private ApiResponse subjects(ApiRequest r) {
        List<String> p = r.path();
        boolean deleted = r.flag("deleted");
        if (p.size() == 1) {
            expect(r, "GET");
            return ApiResponse.ok(strings(service.read(s -> s.subjects(deleted))));
        }
        String subject = p.get(1);
        if (p.size() == 2) {
            if ("POST".equals(r.method())) {
                Schema schema = schemaFromBody(r);
                StoredSchema found = service.read(s -> s.lookup(subject, schema, deleted));
                return ApiResponse.ok(versionBody(found));
            }
            expect(r, "DELETE");
            if (r.flag("permanent")) {
                throw new SchemaRegistryException("Permanent deletion is not supported by the embedded registry: "
                        + "schema ids must never be handed out twice", 422, 42205);
            }
            return ApiResponse.ok(integers(service.softDelete(subject)));
        }
        if (!"versions".equals(p.get(2)) || p.size() > 5) {
            throw notFound();
        }
        if (p.size() == 3) {
            if ("POST".equals(r.method())) {
                StoredSchema stored = service.register(subject, schemaFromBody(r));
                return ApiResponse.ok(JSON.createObjectNode().put("id", stored.id()));
            }
            expect(r, "GET");
            return ApiResponse.ok(integers(service.read(s -> s.versions(subject, deleted))));
        }
        expect(r, "GET");
        OptionalInt version = version(p.get(3));
        StoredSchema stored = service.read(s -> version.isPresent()
                ? s.version(subject, version.getAsInt(), deleted) : s.latest(subject));
        if (p.size() == 4) {
            return ApiResponse.ok(versionBody(stored));
        }
        if (!"schema".equals(p.get(4))) {
            throw notFound();
        }
        return ApiResponse.okRaw(Schemas.canonical(stored.schema()));
    }

    // ---- /schemas ----

    private ApiResponse schemas(ApiRequest r) {
        List<String> p = r.path();
        if (p.size() == 2 && "types".equals(p.get(1))) {
            expect(r, "GET");
            return ApiResponse.ok(strings(List.of("AVRO")));
        }
        if ((p.size() == 3 || (p.size() == 4 && "schema".equals(p.get(3)))) && "ids".equals(p.get(1))) {
            expect(r, "GET");
            int id = schemaId(p.get(2));
            // ?subject= only narrows look-ups in registries with contexts; ids are global here
            Schema schema = service.read(s -> s.schemaById(id));
            String canonical = Schemas.canonical(schema);
            return p.size() == 4 ? ApiResponse.okRaw(canonical)
                    : ApiResponse.ok(JSON.createObjectNode().put("schema", canonical));
        }
        throw notFound();
    }

    // ---- /config ----

    private ApiResponse config(ApiRequest r) {
        List<String> p = r.path();
        if (p.size() > 2) {
            throw notFound();
        }
        String subject = p.size() == 2 ? p.get(1) : null;
        switch (r.method()) {
            case "GET" -> {
                CompatibilityLevel level = subject == null
                        ? service.read(s -> s.globalCompatibility())
                        : service.read(s -> r.flag("defaultToGlobal")
                                ? s.effectiveCompatibility(subject)
                                : s.subjectCompatibility(subject)
                                        .orElseThrow(() -> RegistryErrors.subjectCompatibilityNotConfigured(subject)));
                return ApiResponse.ok(JSON.createObjectNode().put("compatibilityLevel", level.name()));
            }
            case "PUT" -> {
                CompatibilityLevel level = levelFromBody(r);
                if (subject == null) {
                    service.setGlobalCompatibility(level);
                } else {
                    service.setSubjectCompatibility(subject, level);
                }
                return ApiResponse.ok(JSON.createObjectNode().put("compatibility", level.name()));
            }
            case "DELETE" -> {
                if (subject == null) {
                    throw methodNotAllowed();
                }
                Optional<CompatibilityLevel> previous = service.clearSubjectCompatibility(subject);
                return ApiResponse.ok(JSON.createObjectNode().put("compatibilityLevel", previous
                        .orElseThrow(() -> RegistryErrors.subjectCompatibilityNotConfigured(subject)).name()));
            }
            default -> throw methodNotAllowed();
        }
    }

    // ---- /compatibility ----

    private ApiResponse compatibility(ApiRequest r) {
        List<String> p = r.path();
        if (p.size() < 4 || p.size() > 5 || !"subjects".equals(p.get(1)) || !"versions".equals(p.get(3))) {
            throw notFound();
        }
        expect(r, "POST");
        String subject = p.get(2);
        OptionalInt version = p.size() == 5 ? version(p.get(4)) : OptionalInt.empty();
        Schema schema = schemaFromBody(r);
        List<String> problems = service.read(s -> s.incompatibilities(subject, schema, version));
        ObjectNode body = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if (r.flag("verbose")) {
            body.set("messages", strings(problems));
        }
        return ApiResponse.ok(body);
    }

    // ---- request parsing ----

    private static Schema schemaFromBody(ApiRequest r) {
        JsonNode body = jsonBody(r);
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText().toUpperCase(Locale.ROOT))) {
            throw RegistryErrors.invalidSchema("of type " + type.asText()
                    + ": the embedded registry supports AVRO only");
        }
        JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryErrors.invalidSchema("with references: the embedded registry does not resolve schema "
                    + "references; send the schema with its named types inlined");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
            throw RegistryErrors.invalidSchema("(empty): the request body needs a \"schema\" string");
        }
        return Schemas.parse(schema.asText());
    }

    private static CompatibilityLevel levelFromBody(ApiRequest r) {
        JsonNode level = jsonBody(r).get("compatibility");
        if (level == null || !level.isTextual()) {
            throw RegistryErrors.invalidCompatibilityLevel(String.valueOf(level));
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private static JsonNode jsonBody(ApiRequest r) {
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body == null || !body.isObject()) {
                throw new SchemaRegistryException("Request body must be a JSON object", 400, 400);
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Request body is not valid JSON: " + e.getOriginalMessage(), 400, 400);
        }
    }

    /** "latest" and -1 mean the newest live version; else a positive int. */
    private static OptionalInt version(String text) {
        if ("latest".equals(text) || "-1".equals(text)) {
            return OptionalInt.empty();
        }
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return OptionalInt.of(version);
            }
        } catch (NumberFormatException notANumber) {
            // reported below with Confluent's wording
        }
        throw RegistryErrors.invalidVersion(text);
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException("HTTP 404 Not Found", 404, 404);
        }
    }

    // ---- responses ----

    private static ObjectNode versionBody(StoredSchema stored) {
        ObjectNode body = JSON.createObjectNode();
        body.put("subject", stored.subject());
        body.put("version", stored.version());
        body.put("id", stored.id());
        body.put("schema", Schemas.canonical(stored.schema()));
        return body;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode integers(List<Integer> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void expect(ApiRequest r, String method) {
        if (!method.equals(r.method())) {
            throw methodNotAllowed();
        }
    }

    private static SchemaRegistryException notFound() {
        return new SchemaRegistryException("HTTP 404 Not Found", 404, 404);
    }

    private static SchemaRegistryException methodNotAllowed() {
        return new SchemaRegistryException("HTTP 405 Method Not Allowed", 405, 405);
    }
}
