package io.gatewatch.cli.replay;

import io.gatewatch.cli.scenario.InputLine;
import io.gatewatch.model.InputHeaders;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The key, value and headers a shipper would send for an entry. */
final class InputRecords {

    private InputRecords() {
    }

    static Headers headers(InputLine line, ZoneId zone) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(InputHeaders.SOURCE, bytes(line.format()));
        if (line.host() != null) {
            headers.add(InputHeaders.HOST, bytes(line.host()));
        }
        if (line.site() != null) {
            headers.add(InputHeaders.SITE, bytes(line.site()));
        }
        headers.add(InputHeaders.ZONE, bytes(zone.getId()));
        return headers;
    }

    static byte[] key(InputLine line) {
        return line.site() == null ? null : bytes(line.site());
    }

    static byte[] value(InputLine line) {
        return bytes(line.text());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
