package io.gatewatch.cli.scenario;

/**
 * One entry of a scenario, ready to be produced: the topic and headers a shipper would use, and the
 * event time read from it (used only to merge the files in time order).
 *
 * @param topic     input topic
 * @param format    value of the gatewatch.source header
 * @param host      host header, null when the file has none
 * @param site      site header, null when the file has none
 * @param text      the entry (physical lines joined with '\n')
 * @param eventTime epoch millis, or the previous entry's time when the entry has none readable
 * @param file      file it came from, relative to the scenario directory
 * @param lineNo    first line of the entry in that file (1-based)
 */
public record InputLine(String topic, String format, String host, String site, String text, long eventTime,
                        String file, int lineNo) {
}
