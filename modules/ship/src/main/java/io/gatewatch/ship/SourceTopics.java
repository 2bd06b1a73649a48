package io.gatewatch.ship;

import io.gatewatch.model.Topics;

/** The input topic each source goes to unless the operator names another. */
public final class SourceTopics {

    private SourceTopics() {
    }

    /** {@code telegraf} to {@link Topics#METRICS}, {@code change} to {@link Topics#CHANGES}, logs to {@link Topics#LOGS}. */
    public static String topicFor(String source) {
        return switch (source) {
            case "telegraf" -> Topics.METRICS;
            case "change" -> Topics.CHANGES;
            default -> Topics.LOGS;
        };
    }
}
