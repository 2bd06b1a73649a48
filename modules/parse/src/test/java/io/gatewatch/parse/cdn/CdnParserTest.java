package io.gatewatch.parse.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.CdnEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CdnParserTest {

    private final CdnParser parser = new CdnParser();
    private final ParseContext ctx = ParseContext.utc();
    private static final long T = Instant.parse("2026-11-25T09:11:55Z").toEpochMilli();

    @Test
    void readsScenarioRecord() {
        ParseResult r = parser.parse("{\"EdgeStartTimestamp\":\"2026-11-25T09:11:55Z\",\"ClientRequestHost\":\"shop.example.test\","
                + "\"ClientRequestURI\":\"/\",\"EdgeResponseStatus\":502,\"OriginResponseStatus\":0,"
                + "\"EdgeColoCode\":\"FRA\",\"RayID\":\"8c1f2a3b4c5d6e7f\"}", ctx);
        assertThat(r.isEvent()).as("%s", r).isTrue();
        assertThat(r.eventTimeMillis()).isEqualTo(T);
        assertThat(r.site()).isEqualTo("shop.example.test");
        assertThat(r.host()).isNull();
        CdnEvent e = (CdnEvent) r.payload();
        assertThat(e.getEdgeStatus()).isEqualTo(502);
        assertThat(e.getOriginStatus()).isEqualTo(0);
        assertThat(e.getColo()).isEqualTo("FRA");
        assertThat(e.getRayId()).isEqualTo("8c1f2a3b4c5d6e7f");
        assertThat(e.getUri()).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1795597915", "1795597915000", "1795597915000000", "1795597915000000000",
        "\"1795597915\"", "\"2026-11-25T10:11:55+01:00\"", "\"2026-11-25T09:11:55.000Z\"", "1795597915.0"})
    void readsUnixSecondsMillisMicrosNanosAndRfc3339(String ts) {
        ParseResult r = parser.parse("{\"EdgeStartTimestamp\":" + ts + ",\"EdgeResponseStatus\":200,"
                + "\"ClientRequestHost\":\"Shop.Example.test:443\"}", ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(T);
        assertThat(r.site()).isEqualTo("shop.example.test");
    }

    @Test
    void rejectsWithReasons() {
        assertThat(parser.parse("", ctx).reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(parser.parse("EdgeResponseStatus=502", ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("{\"EdgeStartTimestamp\":", ctx).reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("{\"EdgeResponseStatus\":502}", ctx).detail()).contains("EdgeStartTimestamp");
        assertThat(parser.parse("{\"EdgeStartTimestamp\":1795597915}", ctx).detail()).contains("EdgeResponseStatus");
        assertThat(parser.parse("{\"EdgeStartTimestamp\":\"yesterday\",\"EdgeResponseStatus\":502}", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("{\"EdgeStartTimestamp\":1795597915,\"EdgeResponseStatus\":\"bad\"}", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("{\"EdgeStartTimestamp\":-5,\"EdgeResponseStatus\":502}", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
    }
}
