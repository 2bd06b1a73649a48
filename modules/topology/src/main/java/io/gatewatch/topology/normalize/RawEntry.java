package io.gatewatch.topology.normalize;

/**
 * One log line and what is known about it before parsing: from record headers and key for raw lines,
 * from the envelope fields for shipper JSON.
 *
 * @param text     the line (or an already assembled multi-line entry)
 * @param format   the format to parse it as; null to detect
 * @param host     host it was read on; null when unknown
 * @param site     site it belongs to; null when the line must say
 * @param file     file path the shipper read it from; null when unknown
 * @param envelope envelope it came in: raw, filebeat, vector or fluentbit
 */
record RawEntry(String text, String format, String host, String site, String file, String envelope) {

    RawEntry withText(String newText) {
        return new RawEntry(newText, format, host, site, file, envelope);
    }
}
