package io.gatewatch.topology.correlate;

import io.gatewatch.avro.IncidentKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Deterministic incident ids: the same telemetry gives the same id in a replay, on a broker and after
 * a restart, so that compaction and consumers' dedup work.
 */
public final class IncidentIds {

    private static final DateTimeFormatter ONSET =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public static String of(String site, IncidentKind kind, Instant onset) {
        return site + "/" + kind.name() + "/" + ONSET.format(onset);
    }

    /** Key of the incident store: at most one incident per site and kind is tracked at a time. */
    public static String storeKey(String site, IncidentKind kind) {
        return site + "|" + kind.name();
    }

    private IncidentIds() {
    }
}
