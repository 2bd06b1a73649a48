package io.gatewatch.bench.load;

import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record as a shipper would send it: the raw line (or slow-log entry, or Telegraf JSON), keyed by
 * the site or host it came from, with the format, host and site in headers.
 *
 * @param kind      what it is, for the workload mix
 * @param topic     input topic
 * @param key       site or host
 * @param value     the line
 * @param format    {@code gatewatch.source}; null for Telegraf metrics (the topic says it)
 * @param host      {@code gatewatch.host}, or null
 * @param site      {@code gatewatch.site}, or null when the line names it itself (or concerns a host)
 * @param timestamp event time, also the record timestamp
 */
record InputRecord(Kind kind, String topic, String key, String value, String format, String host, String site,
                   long timestamp) {

    static InputRecord access(String site, String host, String line, long t) {
        return new InputRecord(Kind.ACCESS, Topics.LOGS, site, line, "nginx-access", host, site, t);
    }

    static InputRecord error(String host, String line, long t) {
        return new InputRecord(Kind.ERROR, Topics.LOGS, host, line, "nginx-error", host, null, t);
    }

    static InputRecord fpm(String host, String line, long t) {
        return new InputRecord(Kind.FPM, Topics.LOGS, host, line, "php-fpm", host, null, t);
    }

    static InputRecord slowQuery(String dbHost, String entry, long t) {
        return new InputRecord(Kind.DB, Topics.LOGS, dbHost, entry, "mysql-slow", dbHost, null, t);
    }

    static InputRecord metric(String host, String json, long t) {
        return new InputRecord(Kind.METRIC, Topics.METRICS, host, json, null, null, null, t);
    }

    ProducerRecord<byte[], byte[]> toProducerRecord() {
        RecordHeaders headers = new RecordHeaders();
        if (format != null) {
            headers.add(InputHeaders.SOURCE, bytes(format));
        }
        if (host != null) {
            headers.add(InputHeaders.HOST, bytes(host));
        }
        if (site != null) {
            headers.add(InputHeaders.SITE, bytes(site));
        }
        if (format != null) {
            headers.add(InputHeaders.ZONE, UTC);
        }
        return new ProducerRecord<>(topic, null, timestamp, key == null ? null : bytes(key), bytes(value), headers);
    }

    private static final byte[] UTC = bytes("UTC");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The workload mix. */
    enum Kind {
        ACCESS, ERROR, FPM, DB, METRIC
    }
}
