package io.gatewatch.topology.normalize;

import io.gatewatch.avro.SourceRef;

/**
 * A multi-line entry being reassembled from records that carry one physical line each. It lives in
 * a changelogged store, not in memory, so a crash between records loses none of its lines.
 *
 * @param entry          what is known of the entry, text so far included
 * @param source         the record of the first line: evidence points there
 * @param recordTime     Kafka timestamp of the first line's record
 * @param bufferedAtWall wall-clock time the first line was buffered, for the flush timeout
 * @param lines          physical lines so far
 */
record PendingEntry(RawEntry entry, SourceRef source, long recordTime, long bufferedAtWall, int lines) {

    PendingEntry append(String line) {
        return new PendingEntry(entry.withText(entry.text() + "\n" + line), source, recordTime, bufferedAtWall,
                lines + 1);
    }
}
