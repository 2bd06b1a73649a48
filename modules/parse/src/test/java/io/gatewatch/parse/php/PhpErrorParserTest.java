package io.gatewatch.parse.php;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.CacheEventKind;
import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DatabaseEventKind;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.PhpErrorEvent;
import io.gatewatch.parse.LineFraming;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhpErrorParserTest {

    private static final String PREFIX = "[25-Nov-2026 09:11:25 UTC] ";

    private final PhpErrorParser parser = new PhpErrorParser();
    private final ParseContext ctx = new ParseContext(ZoneId.of("America/New_York"), "shop.example.test", "web-1");

    private List<ParseResult> realLog() {
        List<String> entries = LineFraming.frame(parser,
                LineFraming.resourceLines("/io/gatewatch/parse/php/php-8.2-error.log"));
        return entries.stream().map(e -> parser.parse(e, ctx)).toList();
    }

    @Test
    void framesAndParsesEveryEntryOfARealErrorLog() {
        List<String> entries = LineFraming.frame(parser,
                LineFraming.resourceLines("/io/gatewatch/parse/php/php-8.2-error.log"));
        assertThat(entries).hasSize(13);
        assertThat(entries.get(0)).startsWith("[25-Nov-2026 11:39:39 Europe/Berlin] PHP Fatal error:  Uncaught Error")
                .contains("\nStack trace:\n#0 /var/www/html/fatal.php(3): fc_total()\n#1 {main}\n")
                .endsWith("  thrown in /var/www/html/wp-content/plugins/fast-checkout/includes/cart.php on line 3");
        for (ParseResult r : realLog()) {
            assertThat(r.isEvent()).as("%s", r).isTrue();
            assertThat(r.site()).isEqualTo("shop.example.test");
        }
    }

    @Test
    void readsTheUncaughtErrorInAPluginWithTheZoneNamedInTheBracket() {
        ParseResult r = realLog().get(0);
        // 11:39:39 Europe/Berlin, whatever the context's zone says.
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T10:39:39Z").toEpochMilli());
        PhpErrorEvent e = (PhpErrorEvent) r.payload();
        assertThat(e.getSeverity()).isEqualTo("Fatal error");
        assertThat(e.getMessage()).startsWith("Uncaught Error: Call to undefined function fc_missing_helper() in ")
                .contains("Stack trace:\n#0 ");
        assertThat(e.getFile()).isEqualTo("/var/www/html/wp-content/plugins/fast-checkout/includes/cart.php");
        assertThat(e.getLine()).isEqualTo(3);
        assertThat(e.getPluginSlug()).isEqualTo("fast-checkout");
        assertThat(e.getThemeSlug()).isNull();
    }

    @Test
    void readsWarningsDeprecationsAndPlainMessages() {
        List<ParseResult> log = realLog();
        PhpErrorEvent undefined = (PhpErrorEvent) log.get(1).payload();
        assertThat(undefined.getSeverity()).isEqualTo("Warning");
        assertThat(undefined.getMessage()).isEqualTo("Undefined variable $undefined_thing in /var/www/html/warn.php on line 2");
        assertThat(undefined.getFile()).isEqualTo("/var/www/html/warn.php");
        assertThat(undefined.getLine()).isEqualTo(2);
        assertThat(undefined.getPluginSlug()).isNull();

        PhpErrorEvent include = (PhpErrorEvent) log.get(2).payload();
        assertThat(include.getFile()).isEqualTo("/var/www/html/warn.php");
        assertThat(include.getLine()).isEqualTo(3);
        assertThat(include.getThemeSlug()).isEqualTo("twentyx");

        PhpErrorEvent deprecated = (PhpErrorEvent) log.get(4).payload();
        assertThat(deprecated.getSeverity()).isEqualTo("Deprecated");

        PhpErrorEvent plain = (PhpErrorEvent) log.get(7).payload();
        assertThat(plain.getSeverity()).isEmpty();
        assertThat(plain.getMessage()).isEqualTo("plain message from a plugin");
        assertThat(plain.getFile()).isNull();
    }

    @Test
    void turnsDatabaseAndRedisErrorsIntoTheirOwnEvents() {
        List<ParseResult> log = realLog();
        DatabaseEvent lock = (DatabaseEvent) log.get(5).payload();
        assertThat(lock.getKind()).isEqualTo(DatabaseEventKind.LOCK_WAIT_TIMEOUT);
        assertThat(lock.getErrorCode()).isEqualTo(1205);
        assertThat(lock.getMessage()).startsWith("WordPress database error Lock wait timeout exceeded;")
                .endsWith("WC_Cart->calculate_totals");
        assertThat(((DatabaseEvent) log.get(6).payload()).getKind()).isEqualTo(DatabaseEventKind.TOO_MANY_CONNECTIONS);

        CacheEvent refused = (CacheEvent) log.get(8).payload();
        assertThat(refused.getKind()).isEqualTo(CacheEventKind.CONNECTION_REFUSED);
        assertThat(refused.getMessage()).startsWith("PHP Fatal error:  Uncaught RedisException: Connection refused");

        DatabaseEvent mysqli = (DatabaseEvent) log.get(9).payload();
        assertThat(mysqli.getKind()).isEqualTo(DatabaseEventKind.CONNECTION_ERROR);

        assertThat(((CacheEvent) log.get(10).payload()).getKind()).isEqualTo(CacheEventKind.OOM);
        assertThat(((CacheEvent) log.get(11).payload()).getKind()).isEqualTo(CacheEventKind.MISCONF);
        CacheEvent readError = (CacheEvent) log.get(12).payload();
        assertThat(readError.getKind()).isEqualTo(CacheEventKind.TIMEOUT);
        assertThat(readError.getCache()).isEqualTo("127.0.0.1:6394");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "WordPress database error Lock wait timeout exceeded; try restarting transaction for query UPDATE wp_postmeta SET meta_value = 1 made by do_action('init')|LOCK_WAIT_TIMEOUT|1205",
        "WordPress database error Too many connections for query SELECT option_value FROM wp_options made by require('wp-load.php')|TOO_MANY_CONNECTIONS|1040",
        "WordPress database error MySQL server has gone away for query SELECT * FROM wp_users made by wp_signon|SERVER_GONE_AWAY|2006",
        "WordPress database error Deadlock found when trying to get lock; try restarting transaction for query INSERT INTO wp_wc_orders made by WC_Checkout->process_checkout|DEADLOCK|1213",
        "WordPress database error Table 'wp.wp_foo' doesn't exist for query SELECT * FROM wp_foo made by my_plugin_init|QUERY_ERROR|",
        "PHP Warning:  mysqli_real_connect(): (HY000/2002): Connection refused in /var/www/html/wp-includes/class-wpdb.php on line 1982|CONNECTION_ERROR|2002",
        "PHP Warning:  mysqli_real_connect(): (HY000/1040): Too many connections in /var/www/html/wp-includes/class-wpdb.php on line 1982|TOO_MANY_CONNECTIONS|1040",
        "PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] No such file or directory in /var/www/app/db.php:12|CONNECTION_ERROR|2002",
        "PHP Warning:  mysqli::query(): MySQL server has gone away in /var/www/html/wp-includes/class-wpdb.php on line 2351|SERVER_GONE_AWAY|2006",
    })
    void classifiesDatabaseErrors(String body, DatabaseEventKind kind, Integer code) {
        ParseResult r = parser.parse(PREFIX + body, ctx);
        DatabaseEvent e = (DatabaseEvent) r.payload();
        assertThat(e.getKind()).isEqualTo(kind);
        assertThat(e.getErrorCode()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "PHP Fatal error:  Uncaught RedisException: Connection refused in /var/www/html/wp-content/object-cache.php:712|CONNECTION_REFUSED",
        "PHP Fatal error:  Uncaught RedisException: OOM command not allowed when used memory > 'maxmemory'. in /x.php:5|OOM",
        "PHP Fatal error:  Uncaught RedisException: LOADING Redis is loading the dataset in memory in /x.php:5|LOADING",
        "PHP Fatal error:  Uncaught RedisException: MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. in /x.php:5|MISCONF",
        "PHP Fatal error:  Uncaught RedisException: READONLY You can't write against a read only replica. in /x.php:5|READONLY",
        "PHP Warning:  Redis server went away in /var/www/html/wp-content/object-cache.php on line 90|TIMEOUT",
        "PHP Fatal error:  Uncaught RedisException: read error on connection to 10.0.0.7:6379 in /x.php:5|TIMEOUT",
        "PHP Fatal error:  Uncaught Predis\\Connection\\ConnectionException: Connection refused [tcp://127.0.0.1:6379] in /v/Predis/Connection/AbstractConnection.php:155|CONNECTION_REFUSED",
    })
    void classifiesRedisErrors(String body, CacheEventKind kind) {
        CacheEvent e = (CacheEvent) parser.parse(PREFIX + body, ctx).payload();
        assertThat(e.getKind()).isEqualTo(kind);
    }

    @Test
    void namesTheRedisServerWhenTheMessageDoes() {
        CacheEvent predis = (CacheEvent) parser.parse(PREFIX + "PHP Fatal error:  Uncaught Predis\\Connection\\"
                + "ConnectionException: Connection refused [tcp://10.0.0.9:6379] in /v/x.php:155", ctx).payload();
        assertThat(predis.getCache()).isEqualTo("10.0.0.9:6379");
    }

    @Test
    void aPluginPathAloneIsNoCacheOutage() {
        // The redis-cache plugin's directory name mentions redis; a missing include there is a PHP error.
        ParseResult r = parser.parse(PREFIX + "PHP Warning:  include(/var/www/html/wp-content/plugins/redis-cache/"
                + "includes/x.php): Failed to open stream: No such file or directory in /var/www/html/wp-content/"
                + "plugins/redis-cache/redis-cache.php on line 12", ctx);
        PhpErrorEvent e = (PhpErrorEvent) r.payload();
        assertThat(e.getPluginSlug()).isEqualTo("redis-cache");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "PHP Parse error:  syntax error, unexpected token \"}\" in /var/www/html/wp-content/themes/astra/functions.php on line 88|Parse error|/var/www/html/wp-content/themes/astra/functions.php|88||astra",
        "PHP Notice:  Function _load_textdomain_just_in_time was called incorrectly in /var/www/html/wp-includes/functions.php on line 6114|Notice|/var/www/html/wp-includes/functions.php|6114||",
        "PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes) in /var/www/html/wp-content/mu-plugins/loader.php on line 7|Fatal error|/var/www/html/wp-content/mu-plugins/loader.php|7|loader|",
        "PHP Warning:  Undefined array key 1 in /var/www/html/wp-content/mu-plugins/acme-tools/boot.php on line 3|Warning|/var/www/html/wp-content/mu-plugins/acme-tools/boot.php|3|acme-tools|",
        "PHP Deprecated:  Creation of dynamic property X::$y is deprecated in /var/www/html/wp-content/plugins/hello.php on line 40|Deprecated|/var/www/html/wp-content/plugins/hello.php|40|hello|",
        "Fatal error: Uncaught TypeError: count(): Argument #1 must be of type Countable in /var/www/html/wp-content/plugins/shop-x/a.php:9|Fatal error|/var/www/html/wp-content/plugins/shop-x/a.php|9|shop-x|",
    })
    void readsSeverityFileLineAndSlugs(String body, String severity, String file, Integer line, String plugin,
                                       String theme) {
        PhpErrorEvent e = (PhpErrorEvent) parser.parse(PREFIX + body, ctx).payload();
        assertThat(e.getSeverity()).isEqualTo(severity);
        assertThat(e.getFile()).isEqualTo(file);
        assertThat(e.getLine()).isEqualTo(line);
        assertThat(e.getPluginSlug()).isEqualTo(plugin);
        assertThat(e.getThemeSlug()).isEqualTo(theme);
    }

    @Test
    void takesThePluginFromTheStackWhenTheErrorIsInCore() {
        String entry = PREFIX + "PHP Fatal error:  Uncaught TypeError: array_merge(): Argument #2 must be of type array,"
                + " null given in /var/www/html/wp-includes/class-wp-hook.php:324\n"
                + "Stack trace:\n"
                + "#0 /var/www/html/wp-includes/class-wp-hook.php(324): array_merge(Array, NULL)\n"
                + "#1 /var/www/html/wp-content/plugins/fast-checkout/includes/cart.php(42): WP_Hook->apply_filters()\n"
                + "#2 {main}\n"
                + "  thrown in /var/www/html/wp-includes/class-wp-hook.php on line 324";
        PhpErrorEvent e = (PhpErrorEvent) parser.parse(entry, ctx).payload();
        assertThat(e.getFile()).isEqualTo("/var/www/html/wp-includes/class-wp-hook.php");
        assertThat(e.getLine()).isEqualTo(324);
        assertThat(e.getPluginSlug()).isEqualTo("fast-checkout");
    }

    @Test
    void usesTheContextZoneOnlyWhenTheBracketNamesNone() {
        ParseResult named = parser.parse("[25-Nov-2026 04:11:25 America/New_York] PHP Warning:  x in /a.php on line 1",
                new ParseContext(ZoneId.of("Asia/Tokyo"), null, null));
        assertThat(named.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:25Z").toEpochMilli());
        ParseResult utc = parser.parse(PREFIX + "PHP Warning:  x in /a.php on line 1",
                new ParseContext(ZoneId.of("Asia/Tokyo"), null, null));
        assertThat(utc.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:25Z").toEpochMilli());
        ParseResult none = parser.parse("[25-Nov-2026 18:11:25] PHP Warning:  x in /a.php on line 1",
                new ParseContext(ZoneId.of("Asia/Tokyo"), null, null));
        assertThat(none.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:25Z").toEpochMilli());
        ParseResult abbreviation = parser.parse("[25-Nov-2026 04:11:25 EST] PHP Warning:  x in /a.php on line 1", ctx);
        assertThat(abbreviation.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:25Z").toEpochMilli());
    }

    @Test
    void framesMultiLineEntriesAndClosesThemAsSoonAsTheyAreComplete() {
        assertThat(parser.startsEntry(PREFIX + "PHP Warning:  x")).isTrue();
        assertThat(parser.startsEntry("[25-Nov-2026 09:11:25] PHP Warning:  x")).isTrue();
        assertThat(parser.startsEntry("Stack trace:")).isFalse();
        assertThat(parser.startsEntry("#0 {main}")).isFalse();
        assertThat(parser.startsEntry("  thrown in /x.php on line 3")).isFalse();

        String head = PREFIX + "PHP Fatal error:  Uncaught Error: boom in /x.php:3";
        assertThat(parser.mayContinue(head)).isTrue();
        assertThat(parser.mayContinue(head + "\nStack trace:\n#0 {main}")).isTrue();
        assertThat(parser.mayContinue(head + "\nStack trace:\n#0 {main}\n  thrown in /x.php on line 3")).isFalse();
        assertThat(parser.mayContinue(PREFIX + "PHP Warning:  x in /a.php on line 1")).isFalse();

        String query = PREFIX + "WordPress database error Deadlock found for query SELECT *";
        assertThat(parser.mayContinue(query)).isTrue();
        assertThat(parser.mayContinue(query + "\nFROM wp_posts made by x")).isFalse();

        List<String> dump = LineFraming.frame(parser, List.of(PREFIX + "Array", "(", "    [0] => 1", ")",
                PREFIX + "PHP Notice:  x"));
        assertThat(dump).containsExactly(PREFIX + "Array\n(\n    [0] => 1\n)", PREFIX + "PHP Notice:  x");
        assertThat(((PhpErrorEvent) parser.parse(dump.get(0), ctx).payload()).getMessage())
                .isEqualTo("Array\n(\n    [0] => 1\n)");
    }

    @Test
    void looksThroughADockerPrefix() {
        ParseResult r = parser.parse("2026-11-25T09:11:25.500Z " + PREFIX + "PHP Warning:  x in /a.php on line 1", ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:25.500Z").toEpochMilli());
    }

    @Test
    void rejectsGarbageWithReasons() {
        assertThat(parser.parse("", ctx).reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(parser.parse("Stack trace:", ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        ParseResult zone = parser.parse("[25-Nov-2026 09:11:25 Mars/Olympus_Mons] PHP Warning:  x", ctx);
        assertThat(zone.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(zone.detail()).contains("Mars/Olympus_Mons");
        assertThat(parser.parse("[25-Nov-2026 09:11:25 UTC PHP Warning:  x", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(parser.parse("[32-Nov-2026 09:11:25 UTC] PHP Warning:  x", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
    }
}
