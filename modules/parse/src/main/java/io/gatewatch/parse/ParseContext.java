package io.gatewatch.parse;

import java.time.ZoneId;
import java.util.Objects;

/**
 * What a parser needs to know that the line does not say: the time zone of zone-less timestamps
 * (never guessed from the machine's clock), and the site and host the shipper attributed it to.
 *
 * @param zone zone for timestamps written without one (nginx error log, PHP-FPM)
 * @param site site the shipper says the line belongs to; null when unknown
 * @param host host the line was read on; null when unknown
 */
public record ParseContext(ZoneId zone, String site, String host) {

    public ParseContext {
        Objects.requireNonNull(zone, "zone: formats without a zone need one configured per source");
    }

    public static ParseContext utc() {
        return new ParseContext(ZoneId.of("UTC"), null, null);
    }
}
