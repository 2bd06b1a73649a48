package io.gatewatch.serde;

import java.util.Objects;

/** Confluent's default subject naming: {@code <topic>-key} and {@code <topic>-value}. */
public final class TopicNameStrategy {

    private TopicNameStrategy() {
    }

    public static String subject(String topic, boolean isKey) {
        return Objects.requireNonNull(topic, "topic") + (isKey ? "-key" : "-value");
    }
}
