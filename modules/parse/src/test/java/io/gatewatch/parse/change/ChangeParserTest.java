package io.gatewatch.parse.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.ChangeEvent;
import io.gatewatch.avro.ChangeType;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeParserTest {

    private final ChangeParser parser = new ChangeParser();
    private final ParseContext ctx = ParseContext.utc();

    @Test
    void readsScenarioChange() {
        ParseResult r = parser.parse("{\"time\":\"2026-11-25T09:10:02Z\",\"site\":\"shop.example.test\",\"host\":\"web-1\","
                + "\"type\":\"PLUGIN_UPDATED\",\"subject\":\"fast-checkout\",\"version\":\"2.3.1\",\"actor\":\"wp-admin\"}", ctx);
        assertThat(r.isEvent()).as("%s", r).isTrue();
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:10:02Z").toEpochMilli());
        assertThat(r.site()).isEqualTo("shop.example.test");
        assertThat(r.host()).isEqualTo("web-1");
        ChangeEvent e = (ChangeEvent) r.payload();
        assertThat(e.getType()).isEqualTo(ChangeType.PLUGIN_UPDATED);
        assertThat(e.getSubject()).isEqualTo("fast-checkout");
        assertThat(e.getVersion()).isEqualTo("2.3.1");
        assertThat(e.getActor()).isEqualTo("wp-admin");
    }

    @Test
    void siteFallsBackToContextAndTypeIsCaseInsensitive() {
        ParseResult r = parser.parse("{\"time\":\"2026-11-25T09:10:02Z\",\"type\":\"deploy\"}",
                new ParseContext(java.time.ZoneId.of("UTC"), "blog.example.test", null));
        assertThat(r.site()).isEqualTo("blog.example.test");
        assertThat(r.host()).isNull();
        assertThat(((ChangeEvent) r.payload()).getType()).isEqualTo(ChangeType.DEPLOY);
    }

    @Test
    void rejectsUnknownTypeNamingTheAllowedOnes() {
        ParseResult r = parser.parse("{\"time\":\"2026-11-25T09:10:02Z\",\"type\":\"PLUGIN_UPDATE\"}", ctx);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(r.detail()).contains("PLUGIN_UPDATE").contains("PLUGIN_ACTIVATED", "PLUGIN_UPDATED",
                "PLUGIN_DEACTIVATED", "THEME_SWITCHED", "THEME_UPDATED", "CORE_UPDATED", "CONFIG_RELOADED", "DEPLOY");
        assertThat(parser.parse("{\"type\":\"DEPLOY\"}", ctx).detail()).contains("time");
        assertThat(parser.parse("{\"time\":\"soon\",\"type\":\"DEPLOY\"}", ctx).reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("{\"time\":\"2026-11-25T09:10:02Z\"}", ctx).detail()).contains("type");
        assertThat(parser.parse("[1,2]", ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
    }
}
