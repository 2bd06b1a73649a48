package io.gatewatch.embedded.registry;

import org.apache.avro.Schema;

/** Small record schemas that differ in one compatibility-relevant way. */
final class TestSchemas {

    static final String V1_TEXT = record("{\"name\":\"a\",\"type\":\"string\"}");
    /** V1 plus a field with a default: backward-compatible. */
    static final String V2_TEXT = record("{\"name\":\"a\",\"type\":\"string\"},"
            + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    /** V1 plus a field without a default: not backward-compatible. */
    static final String BREAKING_TEXT = record("{\"name\":\"a\",\"type\":\"string\"},"
            + "{\"name\":\"c\",\"type\":\"long\"}");

    static final Schema V1 = parse(V1_TEXT);
    static final Schema V2 = parse(V2_TEXT);
    static final Schema BREAKING = parse(BREAKING_TEXT);

    private TestSchemas() {
    }

    static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"test\",\"fields\":[" + fields + "]}";
    }
}
