package io.gatewatch.parse.telegraf;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.MetricSample;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelegrafParserTest {

    private final TelegrafParser parser = new TelegrafParser();
    private final ParseContext ctx = ParseContext.utc();

    @Test
    void readsPhpFpmMetric() {
        ParseResult r = parser.parse("{\"name\":\"phpfpm\",\"tags\":{\"host\":\"web-1\",\"pool\":\"shop\"},"
                + "\"fields\":{\"listen_queue\":12,\"active_processes\":20,\"max_children_reached\":3,\"slow_requests\":0},"
                + "\"timestamp\":1795597915}", ctx);
        assertThat(r.isEvent()).as("%s", r).isTrue();
        assertThat(r.eventTimeMillis()).isEqualTo(1795597915000L);
        assertThat(r.host()).isEqualTo("web-1");
        assertThat(r.site()).isNull();
        MetricSample m = (MetricSample) r.payload();
        assertThat(m.getName()).isEqualTo("phpfpm");
        assertThat(m.getTags()).containsEntry("pool", "shop").containsEntry("host", "web-1");
        assertThat(m.getFields()).containsEntry("listen_queue", 12.0).containsEntry("active_processes", 20.0)
                .containsEntry("max_children_reached", 3.0).containsEntry("slow_requests", 0.0);
    }

    @Test
    void keepsNumbersAndBooleansDropsStringsAndReadsSite() {
        ParseResult r = parser.parse("{\"fields\":{\"usage_idle\":4.2,\"up\":true,\"down\":false,\"uptime_format\":\"1 day\","
                + "\"n\":null},\"name\":\"cpu\",\"tags\":{\"cpu\":\"cpu-total\",\"host\":\"web-1\",\"site\":\"shop.example.test\"},"
                + "\"timestamp\":1795597915123}", ctx);
        MetricSample m = (MetricSample) r.payload();
        assertThat(m.getFields()).containsOnlyKeys("usage_idle", "up", "down").containsEntry("up", 1.0)
                .containsEntry("down", 0.0).containsEntry("usage_idle", 4.2);
        assertThat(r.site()).isEqualTo("shop.example.test");
        assertThat(r.eventTimeMillis()).isEqualTo(1795597915123L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1795597915", "1795597915000", "1795597915000000", "1795597915000000000"})
    void tellsTimestampUnitsApartByMagnitude(String ts) {
        ParseResult r = parser.parse("{\"name\":\"mem\",\"tags\":{},\"fields\":{\"used_percent\":91.5},\"timestamp\":" + ts + "}", ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(1795597915000L);
    }

    @Test
    void rejectsWithReasons() {
        assertThat(parser.parse("{\"metrics\":[{\"name\":\"cpu\"}]}", ctx).detail()).contains("use_batch_format");
        assertThat(parser.parse("{\"fields\":{},\"timestamp\":1}", ctx).detail()).contains("name");
        assertThat(parser.parse("{\"name\":\"cpu\",\"timestamp\":1795597915}", ctx).detail()).contains("fields");
        assertThat(parser.parse("{\"name\":\"cpu\",\"fields\":{}}", ctx).detail()).contains("timestamp");
        assertThat(parser.parse("{\"name\":\"cpu\",\"fields\":{},\"timestamp\":1,\"tags\":[1]}", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("cpu,host=web-1 usage_idle=4.2 1795597915000000000", ctx).reason())
                .isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("{\"name\":\"cpu\",\"name\":\"mem\",\"fields\":{},\"timestamp\":1}", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
    }
}
