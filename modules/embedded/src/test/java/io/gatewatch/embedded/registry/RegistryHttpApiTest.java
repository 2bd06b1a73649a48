package io.gatewatch.embedded.registry;

import static io.gatewatch.embedded.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.embedded.registry.RegistryHttp.Answer;
import io.gatewatch.serde.CompatibilityLevel;
import io.gatewatch.serde.RegisteredSchema;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API of the embedded registry over real HTTP, with the store in memory. */
class RegistryHttpApiTest {

    private MemoryRegistryLog log;
    private EmbeddedSchemaRegistry registry;
    private SchemaRegistryClient client;
    private RegistryHttp http;

    @BeforeEach
    void start() {
        log = new MemoryRegistryLog();
        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, log);
        client = registry.newClient();
        http = new RegistryHttp(registry.url());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void registerAndLookUpThroughTheRestClient() {
        int id = client.register("orders-value", TestSchemas.V1);

        assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port());
        assertThat(id).isEqualTo(1);
        assertThat(registry.newClient().register("orders-value", TestSchemas.V1)).isEqualTo(id);
        assertThat(client.register("orders-value", TestSchemas.V2)).isEqualTo(2);
        assertThat(client.register("other-value", TestSchemas.V1)).isEqualTo(id);
        assertThat(registry.newClient().schemaById(2)).isEqualTo(TestSchemas.V2);
        assertThat(registry.newClient().idFor("other-value", TestSchemas.V1)).isEqualTo(id);
        assertThat(client.versions("orders-value")).containsExactly(1, 2);
        assertThat(client.latest("orders-value"))
                .isEqualTo(new RegisteredSchema("orders-value", 2, 2, TestSchemas.V2));
        assertThat(client.subjects()).containsExactly("orders-value", "other-value");
    }

    @Test
    void incompatibleSchemaIsA409WithAClearClientException() {
        client.register("s", TestSchemas.V1);

        assertThat(client.isCompatible("s", TestSchemas.BREAKING)).isFalse();
        assertThatThrownBy(() -> client.register("s", TestSchemas.BREAKING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageStartingWith("schema for subject s rejected as incompatible (BACKWARD): Schema being "
                        + "registered is incompatible with an earlier schema for subject \"s\"")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageEndingWith("(HTTP 409, error_code 409)");

        Answer raw = http.post("/subjects/s/versions", schemaBody(TestSchemas.BREAKING_TEXT));
        assertThat(raw.status()).isEqualTo(409);
        assertThat(raw.json().get("error_code").asInt()).isEqualTo(409);
        assertThat(raw.json().get("message").asText()).contains("field 'c'");
    }

    @Test
    void notFoundErrorsUseConfluentCodesAndWording() {
        client.register("s", TestSchemas.V1);

        assertError(http.get("/subjects/nope/versions"), 404, 40401, "Subject 'nope' not found.");
        assertError(http.get("/subjects/s/versions/9"), 404, 40402, "Version 9 not found.");
        assertError(http.post("/subjects/s", schemaBody(TestSchemas.V2_TEXT)), 404, 40403, "Schema not found");
        assertError(http.post("/subjects/nope", schemaBody(TestSchemas.V1_TEXT)), 404, 40401,
                "Subject 'nope' not found.");
        assertError(http.get("/schemas/ids/99"), 404, 40403, "Schema 99 not found");
        assertError(http.get("/config/s"), 404, 40408,
                "Subject 's' does not have subject-level compatibility configured");
        assertError(http.get("/no/such/thing"), 404, 404, "HTTP 404 Not Found");
        assertError(http.put("/subjects", "{}"), 405, 405, "HTTP 405 Method Not Allowed");
    }

    @Test
    void invalidInputIsA422OrA400() {
        Answer invalidSchema = http.post("/subjects/s/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"}"));
        assertThat(invalidSchema.status()).isEqualTo(422);
        assertThat(invalidSchema.json().get("error_code").asInt()).isEqualTo(42201);
        assertThat(invalidSchema.json().get("message").asText()).startsWith("Invalid schema");

        assertError(http.post("/subjects/s/versions", "{}"), 422, 42201,
                "Invalid schema (empty): the request body needs a \"schema\" string");
        assertThat(http.post("/subjects/s/versions", "{\"schema\":\"\\\"string\\\"\",\"schemaType\":\"PROTOBUF\"}")
                .json().get("error_code").asInt()).isEqualTo(42201);
        assertThat(http.get("/subjects/s/versions/zero").json().get("error_code").asInt()).isEqualTo(42202);
        assertThat(http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}").json().get("error_code").asInt())
                .isEqualTo(42203);
        Answer notJson = http.post("/subjects/s/versions", "schema please");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("message").asText()).startsWith("Request body is not valid JSON");
    }

    @Test
    void versionsAndSchemasHaveConfluentShapes() throws Exception {
        client.register("s", TestSchemas.V1);
        client.register("s", TestSchemas.V2);

        Answer version = http.get("/subjects/s/versions/1");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(version.json()).isEqualTo(RegistryHttp.JSON.readTree("{\"subject\":\"s\",\"version\":1,\"id\":1,"
                + "\"schema\":" + RegistryHttp.JSON.writeValueAsString(TestSchemas.V1.toString()) + "}"));
        assertThat(http.get("/subjects/s/versions/latest").json().get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/subjects/s/versions/-1").json().get("version").asInt()).isEqualTo(2);
        assertThat(TestSchemas.parse(http.get("/subjects/s/versions/latest/schema").body()))
                .isEqualTo(TestSchemas.V2);
        assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects").body()).isEqualTo("[\"s\"]");
        assertThat(http.get("/schemas/ids/1?subject=s").json().get("schema").asText())
                .isEqualTo(TestSchemas.V1.toString());
        assertThat(http.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
        assertThat(http.post("/subjects/s", schemaBody(TestSchemas.V2_TEXT)).json().get("version").asInt())
                .isEqualTo(2);
        assertThat(http.get("/").body()).isEqualTo("{}");
    }

    @Test
    void plainJsonRequestsAreAcceptedAndAnsweredInKind() {
        Answer registered = http.send("POST", "/subjects/s/versions", schemaBody(TestSchemas.V1_TEXT),
                "application/json");
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.json().get("id").asInt()).isEqualTo(1);

        Answer plain = http.send("GET", "/subjects", null, null);
        assertThat(plain.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void compatibilityLevelsAreConfigurableGloballyAndPerSubject() {
        client.register("s", TestSchemas.V1);

        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        Answer put = http.put("/config/s", "{\"compatibility\":\"none\"}");
        assertThat(put.json().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(http.get("/config/s").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(client.compatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.register("s", TestSchemas.BREAKING)).isEqualTo(2);

        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.compatibility("other")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(http.get("/config/other?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo("FULL");

        assertThat(http.delete("/config/s").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(client.compatibility("s")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void compatibilityEndpointAnswersIsCompatibleWithOptionalMessages() {
        client.register("s", TestSchemas.V1);

        assertThat(http.post("/compatibility/subjects/s/versions/latest", schemaBody(TestSchemas.V2_TEXT)).body())
                .isEqualTo("{\"is_compatible\":true}");
        Answer verbose = http.post("/compatibility/subjects/s/versions/1?verbose=true",
                schemaBody(TestSchemas.BREAKING_TEXT));
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().get("messages").get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(http.post("/compatibility/subjects/new/versions/latest", schemaBody(TestSchemas.BREAKING_TEXT))
                .json().get("is_compatible").asBoolean()).isTrue();
        assertThat(client.isCompatible("new", TestSchemas.BREAKING)).isTrue();
        assertError(http.post("/compatibility/subjects/s/versions/7", schemaBody(TestSchemas.V2_TEXT)), 404, 40402,
                "Version 7 not found.");
    }

    @Test
    void softDeleteHidesASubjectButKeepsIdsAndNumbering() {
        client.register("s", TestSchemas.V1);
        client.register("s", TestSchemas.V2);

        assertThat(http.delete("/subjects/s").body()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects").body()).isEqualTo("[]");
        assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[\"s\"]");
        assertThat(http.get("/schemas/ids/1").status()).isEqualTo(200);
        assertError(http.delete("/subjects/s"), 404, 40404,
                "Subject 's' was soft deleted.Set permanent=true to delete permanently");
        assertThat(http.delete("/subjects/s?permanent=true").json().get("error_code").asInt()).isEqualTo(42205);

        // the schema keeps its id; the version number continues after the deleted ones
        assertThat(registry.newClient().register("s", TestSchemas.V1)).isEqualTo(1);
        assertThat(client.latest("s").version()).isEqualTo(3);
    }

    @Test
    void aRestartReplaysTheLogAndKeepsIdsAndLevels() {
        client.register("a-value", TestSchemas.V1);
        client.register("a-value", TestSchemas.V2);
        client.setCompatibility("a-value", CompatibilityLevel.FORWARD);
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        registry.close();

        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, log);
        SchemaRegistryClient fresh = registry.newClient();

        assertThat(fresh.schemaById(1)).isEqualTo(TestSchemas.V1);
        assertThat(fresh.schemaById(2)).isEqualTo(TestSchemas.V2);
        assertThat(fresh.register("a-value", TestSchemas.V2)).isEqualTo(2);
        assertThat(fresh.register("b-value", TestSchemas.BREAKING)).isEqualTo(3);
        assertThat(fresh.compatibility("a-value")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(fresh.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void aFailingStoreIsA500AndNothingIsRegistered() {
        client.register("s", TestSchemas.V1);
        log.failWrites();

        Answer failed = http.post("/subjects/s/versions", schemaBody(TestSchemas.V2_TEXT));

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json().get("error_code").asInt()).isEqualTo(50001);
        assertThat(failed.json().get("message").asText()).startsWith("Error in the backend data store");
        assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[1]");
        // registering what is already there needs no write and still works
        assertThat(http.post("/subjects/s/versions", schemaBody(TestSchemas.V1_TEXT)).status()).isEqualTo(200);
    }

    @Test
    void subjectsWithReservedCharactersRoundTrip() {
        String subject = "team a/b+c-value";

        int id = client.register(subject, TestSchemas.V1);

        assertThat(client.subjects()).containsExactly(subject);
        assertThat(client.idFor(subject, TestSchemas.V1)).isEqualTo(id);
    }

    private static void assertError(Answer answer, int status, int errorCode, String message) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(answer.json().get("error_code").asInt()).isEqualTo(errorCode);
        assertThat(answer.json().get("message").asText()).isEqualTo(message);
    }
}
