package io.gatewatch.parse;

import io.gatewatch.avro.DeadLetterReason;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a parser made of one entry: a typed event with its event time, or a rejection with a reason.
 * Parsers return rejections rather than throw, so that one bad line can never stop a stream thread.
 */
public final class ParseResult {

    private final long eventTimeMillis;
    private final String site;
    private final String host;
    private final SpecificRecord payload;
    private final DeadLetterReason reason;
    private final String detail;

    private ParseResult(long eventTimeMillis, String site, String host, SpecificRecord payload,
                        DeadLetterReason reason, String detail) {
        this.eventTimeMillis = eventTimeMillis;
        this.site = site;
        this.host = host;
        this.payload = payload;
        this.reason = reason;
        this.detail = detail;
    }

    /** A parsed event; {@code site} is null when the line itself does not name one. */
    public static ParseResult event(long eventTimeMillis, String site, SpecificRecord payload) {
        return event(eventTimeMillis, site, null, payload);
    }

    /**
     * A parsed event whose line names its host itself (Telegraf tags, change events); {@code host}
     * null leaves the shipper's host header in force.
     */
    public static ParseResult event(long eventTimeMillis, String site, String host, SpecificRecord payload) {
        return new ParseResult(eventTimeMillis, site, host, Objects.requireNonNull(payload, "payload"), null, null);
    }

    public static ParseResult reject(DeadLetterReason reason, String detail) {
        return new ParseResult(0L, null, null, null, Objects.requireNonNull(reason, "reason"),
                Objects.requireNonNull(detail, "detail"));
    }

    public boolean isEvent() {
        return payload != null;
    }

    public long eventTimeMillis() {
        return eventTimeMillis;
    }

    public String site() {
        return site;
    }

    /** Host named by the line itself; null when the line names none. */
    public String host() {
        return host;
    }

    public SpecificRecord payload() {
        return payload;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return isEvent() ? "event@" + eventTimeMillis + " " + payload : "rejected " + reason + ": " + detail;
    }
}
