package io.gatewatch.model;

/**
 * Record headers a shipper sets on raw lines in {@link Topics#LOGS}. Each is optional: without
 * {@link #SOURCE} the format is detected, without {@link #SITE} the line's own virtual host (or the
 * record key) is used.
 */
public final class InputHeaders {

    /** Format of the line, for example {@code nginx-error}; see {@code gatewatch parse --help}. */
    public static final String SOURCE = "gatewatch.source";
    /** Host the line was read on. */
    public static final String HOST = "gatewatch.host";
    /** Site (virtual host) the line belongs to. */
    public static final String SITE = "gatewatch.site";
    /** Time zone of zone-less timestamps in the line, for example {@code Europe/Berlin}. */
    public static final String ZONE = "gatewatch.zone";
    /**
     * Envelope of the value: {@code raw}, {@code filebeat}, {@code vector} or {@code fluentbit}.
     * Without it, JSON envelopes are recognised by their fields.
     */
    public static final String ENVELOPE = "gatewatch.envelope";

    private InputHeaders() {
    }
}
