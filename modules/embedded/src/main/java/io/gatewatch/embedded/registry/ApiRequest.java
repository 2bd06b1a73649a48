package io.gatewatch.embedded.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One REST call, already decoded: method, path segments, query parameters and body text. */
record ApiRequest(String method, List<String> path, Map<String, String> query, String body) {

    ApiRequest {
        Objects.requireNonNull(method, "method");
        path = List.copyOf(Objects.requireNonNull(path, "path"));
        query = Map.copyOf(Objects.requireNonNull(query, "query"));
        body = body == null ? "" : body;
    }

    String segment(int index) {
        return path.get(index);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(query.getOrDefault(name, "false"));
    }
}
