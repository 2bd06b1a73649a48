package io.gatewatch.parse.conformance;

import io.gatewatch.parse.ParseResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Gatewatch's result for one entry as a flat map, keyed by the Avro field names of the payload
 * ({@code status}, {@code clientAddr}, {@code queryTimeSec} …) plus {@code time} (event time, epoch ms),
 * {@code site} and {@code lineHost}. Integers become Long, strings and enums String, so expectations can be
 * written in one canonical form.
 */
record Observed(ParseResult result, Map<String, Object> fields) {

    static Observed of(ParseResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (result.isEvent()) {
            out.put("time", result.eventTimeMillis());
            out.put("site", result.site());
            out.put("lineHost", result.host());
            SpecificRecord payload = result.payload();
            out.put("type", payload.getClass().getSimpleName());
            for (Schema.Field f : payload.getSchema().getFields()) {
                out.put(f.name(), canonical(payload.get(f.pos())));
            }
        }
        return new Observed(result, out);
    }

    boolean isEvent() {
        return result.isEvent();
    }

    Object get(String field) {
        return fields.get(field);
    }

    String describe() {
        return result.isEvent() ? fields.toString() : "rejected " + result.reason() + ": " + result.detail();
    }

    static Object canonical(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof CharSequence || v instanceof Enum<?>) {
            return v.toString();
        }
        return v;
    }
}
