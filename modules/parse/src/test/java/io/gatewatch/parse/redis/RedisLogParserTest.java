package io.gatewatch.parse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.CacheEventKind;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineFraming;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisLogParserTest {

    private final RedisLogParser parser = new RedisLogParser();
    private final ParseContext ctx = new ParseContext(ZoneId.of("UTC"), null, "redis-1");

    private CacheEvent cache(String line) {
        ParseResult r = parser.parse(line, ctx);
        assertThat(r.isEvent()).as("%s -> %s", line, r).isTrue();
        return (CacheEvent) r.payload();
    }

    @Test
    void everyLineOfARealRedis7LogParses() {
        List<String> lines = LineFraming.resourceLines("/io/gatewatch/parse/redis/redis-7.0.15.log");
        assertThat(lines).hasSize(49);
        List<CacheEvent> events = lines.stream().map(this::cache).toList();
        assertThat(events).extracting(CacheEvent::getCache).containsOnly("redis-1");
        assertThat(events).filteredOn(e -> e.getKind() == CacheEventKind.STARTED).hasSize(3);
        assertThat(events).filteredOn(e -> e.getKind() == CacheEventKind.SHUTDOWN).hasSize(6);
        assertThat(events).filteredOn(e -> e.getKind() == CacheEventKind.LOADING).extracting(CacheEvent::getMessage)
                .containsExactly("Loading RDB produced by version 7.0.15", "Done loading RDB, keys loaded: 1, keys expired: 0.",
                        "DB loaded from disk: 0.000 seconds");
        assertThat(events).filteredOn(e -> e.getKind() == CacheEventKind.BGSAVE_FAILED).extracting(CacheEvent::getMessage)
                .containsExactly("Failed opening the temp RDB file temp-30054.rdb (in server root dir unknown) for saving:"
                        + " No such file or directory", "Background saving error");
    }

    @Test
    void readsTimeRoleAndMessage() {
        ParseResult r = parser.parse("29885:M 25 Nov 2026 10:38:57.181 * Ready to accept connections", ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T10:38:57.181Z").toEpochMilli());
        CacheEvent e = (CacheEvent) r.payload();
        assertThat(e.getKind()).isEqualTo(CacheEventKind.STARTED);
        assertThat(e.getMessage()).isEqualTo("Ready to accept connections");
        for (String role : List.of("M", "S", "C", "X")) {
            for (String level : List.of(".", "-", "*", "#")) {
                assertThat(parser.parse("1:" + role + " 25 Nov 2026 10:38:57.181 " + level + " x", ctx).isEvent())
                        .as(role + level).isTrue();
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1:M 25 Nov 2026 09:11:54.123 * Ready to accept connections tcp|STARTED",
        "1:M 25 Nov 2026 09:11:54.123 # User requested shutdown...|SHUTDOWN",
        "1:M 25 Nov 2026 09:11:54.123 # Redis is now ready to exit, bye bye...|SHUTDOWN",
        "1:signal-handler (1795597914) Received SIGTERM scheduling shutdown...|SHUTDOWN",
        "1:M 25 Nov 2026 09:11:54.123 # Received SIGTERM scheduling shutdown...|SHUTDOWN",
        "1:M 25 Nov 2026 09:11:54.123 # Redis 7.0.15 crashed by signal: 11, si_code: 0|SHUTDOWN",
        "1:M 25 Nov 2026 09:11:54.123 # Background saving error|BGSAVE_FAILED",
        "1:M 25 Nov 2026 09:11:54.123 # Background saving terminated by signal 9|BGSAVE_FAILED",
        "1:M 25 Nov 2026 09:11:54.123 # Can't save in background: fork: Cannot allocate memory|BGSAVE_FAILED",
        "1:C 25 Nov 2026 09:11:54.123 # Write error saving DB on disk: No space left on device|BGSAVE_FAILED",
        "1:M 25 Nov 2026 09:11:54.123 # Out Of Memory allocating 16384 bytes!|OOM",
        "1:M 25 Nov 2026 09:11:54.123 # OOM command not allowed when used memory > 'maxmemory'|OOM",
        "1:M 25 Nov 2026 09:11:54.123 * DB loaded from disk: 12.345 seconds|LOADING",
        "1:M 25 Nov 2026 09:11:54.123 * DB loaded from append only file: 1.200 seconds|LOADING",
        "1:M 25 Nov 2026 09:11:54.123 # Server initialized|OTHER",
        "1:M 25 Nov 2026 09:11:54.123 # WARNING overcommit_memory is set to 0! Background save may fail under low memory condition.|OTHER",
    })
    void classifiesEverySignature(String line, CacheEventKind kind) {
        assertThat(cache(line).getKind()).isEqualTo(kind);
    }

    @Test
    void readsTheSignalHandlersUnixTime() {
        ParseResult r = parser.parse("7:signal-handler (1795597914) Received SIGTERM scheduling shutdown...", ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(1_795_597_914_000L);
        assertThat(parser.startsEntry("7:signal-handler (1795597914) Received SIGTERM scheduling shutdown...")).isTrue();
    }

    @Test
    void appliesTheContextZone() {
        ParseResult r = parser.parse("1:M 25 Jul 2026 10:11:54.000 * Ready to accept connections",
                new ParseContext(ZoneId.of("Europe/Berlin"), null, null));
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-07-25T08:11:54Z").toEpochMilli());
    }

    @Test
    void rejectsYearlessOldFormatsSayingWhy() {
        ParseResult v2 = parser.parse("[4018] 14 Nov 07:01:22.119 * Background saving terminated with success", ctx);
        assertThat(v2.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(v2.detail()).contains("no year");
        ParseResult v3 = parser.parse("10031:M 07 Sep 10:54:04.957 # Server started, Redis version 3.2.12", ctx);
        assertThat(v3.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(v3.detail()).contains("no year");
        assertThat(parser.startsEntry("[4018] 14 Nov 07:01:22.119 * x")).isTrue();
    }

    @Test
    void rejectsOtherTextWithReasons() {
        assertThat(parser.parse("", ctx).reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(parser.parse("           _._                                                  ", ctx).reason())
                .isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("1:Q 25 Nov 2026 09:11:54.123 * x", ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("1:M 25 Foo 2026 09:11:54.123 * x", ctx).reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("1:M 25 Nov 2026 09:11:54.123 ! x", ctx).reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.startsEntry("2026/11/25 09:11:55 [error] 1#1: x")).isFalse();
    }
}
