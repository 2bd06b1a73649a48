package io.gatewatch.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.serde.SchemaRegistryException;
import java.util.Objects;

/** Status and JSON body of an answer. */
record ApiResponse(int status, String json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ApiResponse {
        Objects.requireNonNull(json, "json");
    }

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body.toString());
    }

    /** A body that is already JSON text, such as a schema. */
    static ApiResponse okRaw(String json) {
        return new ApiResponse(200, json);
    }

    /** Confluent's error body: {@code {"error_code":40401,"message":"..."}}. */
    static ApiResponse error(SchemaRegistryException e) {
        int status = e.httpStatus() == 0 ? 500 : e.httpStatus();
        int code = e.errorCode() == 0 ? status : e.errorCode();
        return error(status, code, e.registryMessage());
    }

    static ApiResponse error(int status, int errorCode, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error_code", errorCode);
        body.put("message", message);
        return new ApiResponse(status, body.toString());
    }
}
