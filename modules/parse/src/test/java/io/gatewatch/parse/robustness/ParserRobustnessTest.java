package io.gatewatch.parse.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Parsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * No input makes a parser throw: for every registered format (looked up at run time, so new parsers are
 * covered without touching this class), random strings, random bytes decoded as UTF-8 and mutations of
 * real sample lines give either an event whose payload Avro can serialize, or a rejection with a reason
 * and a detail. {@code startsEntry} and {@code mayContinue} never throw either.
 */
class ParserRobustnessTest {

    private static final List<ParseContext> CONTEXTS = List.of(
            ParseContext.utc(),
            new ParseContext(ZoneId.of("Europe/Berlin"), "shop.example.test", "web-1"),
            new ParseContext(ZoneId.of("America/Los_Angeles"), null, "db-1"));

    private static final List<String> SAMPLES = loadSamples();

    @Property(tries = 3000)
    void randomStringsNeverThrow(@ForAll("formats") String format, @ForAll @StringLength(max = 300) String input,
                                 @ForAll("contexts") ParseContext context) {
        check(format, input, context);
    }

    @Property(tries = 3000)
    void randomBytesAsUtf8NeverThrow(@ForAll("formats") String format, @ForAll @Size(max = 300) byte[] bytes,
                                     @ForAll("contexts") ParseContext context) {
        check(format, new String(bytes, StandardCharsets.UTF_8), context);
    }

    @Property(tries = 10000)
    void mutatedSampleLinesNeverThrow(@ForAll("formats") String format, @ForAll("mutatedSamples") String input,
                                      @ForAll("contexts") ParseContext context) {
        check(format, input, context);
    }

    @Property(tries = 1000)
    void realSamplesNeverThrowInAnyFormat(@ForAll("formats") String format, @ForAll("samples") String input,
                                          @ForAll("contexts") ParseContext context) {
        check(format, input, context);
    }

    private static void check(String format, String input, ParseContext context) {
        LineParser parser = Parsers.forFormat(format).orElseThrow();
        for (String line : input.split("\n", -1)) {
            parser.startsEntry(line);
        }
        parser.mayContinue(input);
        ParseResult result = parser.parse(input, context);
        assertThat(result).as("%s result for %s", format, input).isNotNull();
        if (result.isEvent()) {
            assertThat(result.payload()).isNotNull();
            assertEncodes(format, input, result.payload());
        } else {
            assertThat(result.reason()).as("%s rejection reason for %s", format, input).isNotNull();
            assertThat(result.detail()).as("%s rejection detail for %s", format, input).isNotNull().isNotBlank();
        }
    }

    /** An event the topology could not serialize would fail later, on a stream thread. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertEncodes(String format, String input, SpecificRecord payload) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter(payload.getSchema()).write(payload, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(format + " produced a payload Avro cannot serialize (" + e + ") for: " + input, e);
        }
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of(new ArrayList<>(Parsers.formats()));
    }

    @Provide
    Arbitrary<ParseContext> contexts() {
        return Arbitraries.of(CONTEXTS);
    }

    @Provide
    Arbitrary<String> samples() {
        return Arbitraries.of(SAMPLES);
    }

    @Provide
    Arbitrary<String> mutatedSamples() {
        Arbitrary<String> sample = Arbitraries.of(SAMPLES);
        Arbitrary<Integer> op = Arbitraries.integers().between(0, 11);
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<Double> where2 = Arbitraries.doubles().between(0, 1);
        Arbitrary<String> junk = Arbitraries.oneOf(
                Arbitraries.strings().withChars("\"[]{}:,;=#\\-+.*/ \t\n\r0123456789eE'`@?&%").ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(6),
                Arbitraries.of("\u0000", "\uD800", "\uDC00", "\uFFFF", "\uFEFF", "\u2028", "null", "true", "[]", "{}",
                        "\"\"", "NaN", "-1", "1e309", "-0", "99999999999999999999999999999999999999",
                        "18446744073709551616", "9223372036854775808", ", client: ", "# Time: ", "# User@Host: ",
                        "Query_time: ", "[MY-", " UTC - mysqld got signal 11 ;", "\"timestamp\":", "\"fields\":"));
        return Combinators.combine(sample, op, where, where2, junk).as(ParserRobustnessTest::mutate);
    }

    static String mutate(String s, int op, double where, double where2, String junk) {
        int n = s.length();
        int at = (int) Math.floor(where * n);
        int at2 = (int) Math.floor(where2 * n);
        int from = Math.min(at, at2);
        int to = Math.max(at, at2);
        return switch (op) {
            case 0 -> s.substring(0, at);                                   // truncate
            case 1 -> s.substring(0, at) + junk + s.substring(at);          // insert
            case 2 -> s.substring(0, from) + s.substring(to);               // delete a range
            case 3 -> n == 0 ? junk : s.substring(0, Math.min(at, n - 1)) + junk + s.substring(Math.min(at, n - 1) + 1);
            case 4 -> s.substring(0, at) + s.substring(from, to) + s.substring(at); // duplicate a section (fields)
            case 5 -> hugeNumbers(s, junk);
            case 6 -> "";
            case 7 -> " \t ";
            case 8 -> s + "\n" + s;                                         // two entries run together
            case 9 -> s.substring(at) + s.substring(0, at);                 // rotated
            case 10 -> s.replace('"', junk.isEmpty() ? '\'' : junk.charAt(0));
            default -> s.substring(from, to);                               // a fragment
        };
    }

    /** Every run of digits becomes a huge (or odd) number. */
    private static String hugeNumbers(String s, String junk) {
        String replacement = junk.matches("-?[0-9.eE]+") ? junk : "99999999999999999999999999999";
        return s.replaceAll("[0-9]+", replacement);
    }

    /** Real lines of every format: built in, plus the shared corpus and captures when they are present. */
    private static List<String> loadSamples() {
        List<String> out = new ArrayList<>(List.of(
                "2026/11/25 09:11:55 [error] 22132#22132: *23 connect() failed (111: Connection refused) while connecting"
                        + " to upstream, client: 127.0.0.1, server: shop.example.test, request: \"GET /index.php HTTP/1.1\","
                        + " upstream: \"fastcgi://127.0.0.1:9071\", host: \"127.0.0.1:8088\"",
                "127.0.0.1 - - [25/Nov/2026:09:11:55 +0000] \"GET /index.php HTTP/1.1\" 502 157 \"-\" \"curl/7.88.1\"",
                "[25-Nov-2026 09:11:54] WARNING: [pool shop] server reached pm.max_children setting (5), consider raising it",
                "# Time: 2018-08-07T16:27:47.169604+08:00\n# User@Host: appuser[appuser] @ apphost [1.1.1.1]  Id: 10997316\n"
                        + "# Query_time: 4.071491  Lock_time: 0.000212 Rows_sent: 1000  Rows_examined: 1489615\n"
                        + "use shop;\nSET timestamp=1533630467;\nSELECT * FROM t\n  WHERE a = 1;",
                "# User@Host: root[root] @ localhost []\n# Thread_id: 8  Schema:   QC_hit: No\n"
                        + "# Query_time: 2.000227  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0\n# Rows_affected: 0\n"
                        + "SET timestamp=1547741043;\nselect sleep(2)\nAS foo;\n# Time: 190117 16:04:18",
                "/usr/sbin/mysqld, Version: 8.0.15 (MySQL Community Server - GPL). started with:\n"
                        + "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\nTime                 Id Command    Argument",
                "2019-03-04T16:51:19.123456Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.",
                "2023-03-12T15:30:16.866015Z 4016575 [Note] Aborted connection 4016575 to db: 'testdb' user: 'sherlock'"
                        + " host: 'localhost' (Got an error reading communication packets)",
                "161209 14:18:50 [Note] /usr/sbin/mysqld: ready for connections.\nVersion: '5.5.53'  socket: '/x'  port: 3306",
                "2021-07-06  7:29:32 0 [Warning] Too many connections",
                "2023-05-01T23:59:58.000000Z 0 [Note] x\n00:00:02 UTC - mysqld got signal 11 ;\nThis could be because you hit a bug.",
                "{\"EdgeStartTimestamp\":\"2026-11-25T09:11:55Z\",\"ClientRequestHost\":\"shop.example.test\","
                        + "\"ClientRequestURI\":\"/\",\"EdgeResponseStatus\":502,\"OriginResponseStatus\":0,"
                        + "\"EdgeColoCode\":\"FRA\",\"RayID\":\"8c1f2a3b4c5d6e7f\"}",
                "{\"EdgeStartTimestamp\":1795597915000000000,\"ClientRequestHost\":\"shop.example.test:443\","
                        + "\"EdgeResponseStatus\":\"520\"}",
                "{\"name\":\"phpfpm\",\"tags\":{\"host\":\"web-1\",\"pool\":\"shop\"},\"fields\":{\"listen_queue\":12,"
                        + "\"active_processes\":20,\"max_children_reached\":3,\"slow_requests\":0},\"timestamp\":1795597915}",
                "{\"fields\":{\"usage_idle\":4.2,\"up\":true,\"s\":\"x\"},\"name\":\"cpu\",\"tags\":{\"cpu\":\"cpu-total\","
                        + "\"host\":\"web-1\"},\"timestamp\":1795597915000000000}",
                "{\"time\":\"2026-11-25T09:10:02Z\",\"site\":\"shop.example.test\",\"host\":\"web-1\",\"type\":\"PLUGIN_UPDATED\","
                        + "\"subject\":\"fast-checkout\",\"version\":\"2.3.1\",\"actor\":\"wp-admin\"}",
                "1:M 25 Nov 2026 09:11:55.123 # OOM command not allowed when used memory > 'maxmemory'."));
        addFiles(out, shared().resolve("corpus"));
        addFiles(out, shared().resolve("captures"));
        return List.copyOf(out);
    }

    private static Path shared() {
        return Path.of(System.getProperty("gatewatch.shared.dir", "../../../shared")).toAbsolutePath().normalize();
    }

    private static void addFiles(List<String> out, Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(log|txt|0|jsonl)$"))
                    .sorted().toList()) {
                List<String> lines = Stream.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n"))
                        .filter(l -> !l.isBlank()).limit(60).toList();
                out.addAll(lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
