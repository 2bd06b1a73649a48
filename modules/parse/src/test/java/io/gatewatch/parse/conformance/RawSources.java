package io.gatewatch.parse.conformance;

import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.Parsers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real samples without expected output from their origin: tstack/lnav test logs and lines quoted from
 * public issue threads ({@code found-in-the-wild/}). Every entry must become an event; for nginx error
 * lines the context fields ({@code client: … server: … request: "…" upstream: "…" host: "…"}), the level and
 * the errno are derived from the text itself and compared.
 */
final class RawSources {

    private static final ParseContext CONTEXT = ParseContext.utc();
    private static final Pattern ERRNO = Pattern.compile("\\((\\d+): ");
    private static final Pattern LEVEL = Pattern.compile("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[(\\w+)] ");
    private static final Pattern CONTEXT_FIELD = Pattern.compile(
            ", (client|server|request|upstream|host|referrer): (\"[^\"]*\"|[^,]*)(?=, (?:client|server|request|upstream|host|referrer): |$)");

    private RawSources() {
    }

    static void run(Corpus corpus, Ledger ledger) {
        parseOnly(corpus, ledger, "lnav/test/logfile_mysql_error.0", "mysql-error", "lnav/mysql_error");
        parseOnly(corpus, ledger, "lnav/test/logfile_mysql_slow.0", "mysql-slow", "lnav/mysql_slow");
        parseOnly(corpus, ledger, "found-in-the-wild/nginx-502-503-access-lines.txt", "nginx-access",
                "wild/nginx-502-503-access-lines");
        wildErrors(corpus, ledger);
        if (Parsers.forFormat("php-fpm").isPresent()) {
            parseOnly(corpus, ledger, "found-in-the-wild/php-fpm-lines.txt", "php-fpm", "wild/php-fpm-lines");
        } else if (corpus.exists("found-in-the-wild/php-fpm-lines.txt")) {
            ledger.outOfScope("wild/php-fpm-lines", "no 'php-fpm' parser registered yet");
        }
    }

    private static void parseOnly(Corpus corpus, Ledger ledger, String file, String format, String source) {
        if (!corpus.exists(file)) {
            return;
        }
        LineParser parser = Corpus.parser(format);
        for (Corpus.Entry e : entries(corpus, file, parser)) {
            ledger.parseOnly(source, "line " + (e.line() + 1), Observed.of(parser.parse(e.text(), CONTEXT)));
        }
    }

    /**
     * A log file is framed with the parser's startsEntry; a found-in-the-wild file is a collection of
     * independently quoted lines, annotated with '#' comment lines, so each line is an entry of its own.
     */
    private static java.util.List<Corpus.Entry> entries(Corpus corpus, String file, LineParser parser) {
        if (!file.startsWith("found-in-the-wild/")) {
            return Corpus.frame(parser, corpus.bytes(file));
        }
        java.util.List<Corpus.Entry> out = new java.util.ArrayList<>();
        java.util.List<String> lines = Corpus.lines(corpus.bytes(file));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(new Corpus.Entry(line, -1, i));
            }
        }
        return out;
    }

    /** nginx error lines from issue threads: fields derived from the line's own text. */
    private static void wildErrors(Corpus corpus, Ledger ledger) {
        String file = "found-in-the-wild/nginx-upstream-errors.txt";
        if (!corpus.exists(file)) {
            return;
        }
        String source = "wild/nginx-upstream-errors";
        LineParser parser = Corpus.parser("nginx-error");
        for (Corpus.Entry e : entries(corpus, file, parser)) {
            Observed observed = Observed.of(parser.parse(e.text(), CONTEXT));
            String where = "line " + (e.line() + 1);
            Map<String, Object> expected = derived(e.text());
            if (expected == null) {
                ledger.parseOnly(source, where, observed);
            } else {
                ledger.compare(source, where, expected, observed);
            }
        }
    }

    /** Expected fields read off an nginx error line with regular expressions; null if it is not one. */
    static Map<String, Object> derived(String line) {
        Matcher level = LEVEL.matcher(line);
        if (!level.find()) {
            return null;
        }
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("level", level.group(1));
        Matcher errno = ERRNO.matcher(line);
        if (errno.find()) {
            x.put("errno", Long.parseLong(errno.group(1)));
        }
        Matcher m = CONTEXT_FIELD.matcher(line);
        while (m.find()) {
            String v = m.group(2);
            if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                v = v.substring(1, v.length() - 1);
            } else {
                v = v.strip();
            }
            x.put(switch (m.group(1)) {
                case "host" -> "hostHeader";
                default -> m.group(1);
            }, v);
        }
        return x;
    }
}
