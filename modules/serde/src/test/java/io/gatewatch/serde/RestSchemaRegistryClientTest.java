package io.gatewatch.serde;

import static io.gatewatch.serde.SchemaBuilderHelper.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted HTTP server, to pin down exactly what goes over the wire. */
class RestSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema V1 = probe("{\"name\":\"a\",\"type\":\"string\"}");

    record Seen(String method, String rawPathAndQuery, String contentType, String accept, String body) {
    }

    record Canned(int status, String body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), target, exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Accept"), body));
        Canned canned = answers.getOrDefault(exchange.getRequestMethod() + " " + target,
                new Canned(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
        byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(canned.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void registerPostsTheSchemaOnceThenAnswersFromItsCache() throws Exception {
        answers.put("POST /subjects/gatewatch.incidents-value/versions", new Canned(200, "{\"id\":7}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        assertThat(client.register("gatewatch.incidents-value", V1)).isEqualTo(7);
        assertThat(client.register("gatewatch.incidents-value", V1)).isEqualTo(7);
        assertThat(client.schemaById(7)).isEqualTo(V1);

        assertThat(seen).hasSize(1);
        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.accept()).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(JSON.readTree(request.body()).get("schema").asText()).isEqualTo(V1.toString());
    }

    @Test
    void schemaByIdIsFetchedOnce() {
        answers.put("GET /schemas/ids/3", new Canned(200, JSON.createObjectNode().put("schema", V1.toString())
                .toString()));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        assertThat(client.schemaById(3)).isEqualTo(V1);
        assertThat(client.schemaById(3)).isEqualTo(V1);
        assertThat(seen).hasSize(1);
    }

    @Test
    void incompatibleSchemaSaysSubjectLevelAndRegistryMessage() {
        answers.put("POST /subjects/s/versions", new Canned(409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}"));
        answers.put("GET /config/s?defaultToGlobal=true", new Canned(200, "{\"compatibilityLevel\":\"FULL\"}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        assertThatThrownBy(() -> client.register("s", V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessage("schema for subject s rejected as incompatible (FULL): Schema being registered is "
                        + "incompatible with an earlier schema (HTTP 409, error_code 409)");
    }

    @Test
    void otherErrorsCarryStatusErrorCodeAndMessage() {
        answers.put("POST /subjects/missing", new Canned(404,
                "{\"error_code\":40401,\"message\":\"Subject 'missing' not found.\"}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        assertThatThrownBy(() -> client.idFor("missing", V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.registryMessage()).isEqualTo("Subject 'missing' not found.");
                })
                .hasMessage("schema registry at " + url + " answered POST /subjects/missing with HTTP 404, "
                        + "error_code 40401: Subject 'missing' not found.");
    }

    @Test
    void nonJsonErrorBodiesAreQuoted() {
        answers.put("GET /subjects", new Canned(502, "<html>Bad Gateway</html>"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        assertThatThrownBy(client::subjects)
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(502))
                .hasMessageContaining("HTTP 502: <html>Bad Gateway</html>");
    }

    @Test
    void subjectNamesAreEncodedAsOnePathSegment() {
        answers.put("GET /subjects/a%2Fb%20c/versions", new Canned(200, "[1,2]"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        assertThat(client.versions("a/b c")).containsExactly(1, 2);
    }

    @Test
    void configCallsUseConfluentFieldNamesAndFallBackToGlobal() throws Exception {
        answers.put("GET /config", new Canned(200, "{\"compatibilityLevel\":\"BACKWARD\"}"));
        answers.put("PUT /config/s", new Canned(200, "{\"compatibility\":\"NONE\"}"));
        // GET /config/s?defaultToGlobal=true is not scripted: an older registry's 404
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        client.setCompatibility("s", CompatibilityLevel.NONE);
        assertThat(client.compatibility("s")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

        assertThat(JSON.readTree(seen.get(0).body()).get("compatibility").asText()).isEqualTo("NONE");
    }

    @Test
    void compatibilityCheckOfANewSubjectIsTrue() {
        answers.put("POST /compatibility/subjects/known/versions/latest", new Canned(200, "{\"is_compatible\":false}"));
        answers.put("POST /compatibility/subjects/new/versions/latest", new Canned(404,
                "{\"error_code\":40401,\"message\":\"Subject 'new' not found.\"}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        assertThat(client.isCompatible("known", V1)).isFalse();
        assertThat(client.isCompatible("new", V1)).isTrue();
    }

    @Test
    void unreachableRegistryIsNamedInTheError() throws IOException {
        int closedPort = closedPort();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient("http://127.0.0.1:" + closedPort,
                Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.register("s", V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.httpStatus()).isZero())
                .hasMessageStartingWith("schema registry at http://127.0.0.1:" + closedPort + " unreachable: ")
                .hasMessageContaining("POST /subjects/s/versions")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void aDeadNodeInTheListIsSkipped() throws IOException {
        answers.put("GET /subjects", new Canned(200, "[\"a-value\"]"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient("http://127.0.0.1:" + closedPort() + "," + url);

        assertThat(client.subjects()).containsExactly("a-value");
        assertThat(client.subjects()).containsExactly("a-value");
        assertThat(seen).hasSize(2);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
