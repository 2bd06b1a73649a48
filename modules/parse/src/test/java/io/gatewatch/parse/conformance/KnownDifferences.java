package io.gatewatch.parse.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every difference between a corpus expectation and Gatewatch that is understood, with the reason.
 * A difference that matches none of these fails the conformance test.
 */
final class KnownDifferences {

    enum Kind {
        /** The other project's expected data follows its own convention; Gatewatch's value is right. */
        EXPECTED_DATA,
        /** A deliberate Gatewatch decision that differs from the other project. */
        GATEWATCH_CHOICE,
        /** The corpus fixture itself is hand-written or inconsistent. */
        CORPUS,
        /** A gap in a parser owned elsewhere (nginx); reported to its owner. */
        REPORTED_GAP
    }

    record Known(String id, Kind kind, String source, String field, String why, Predicate<Ledger.Diff> when) {
    }

    private final List<Known> rules = new ArrayList<>();

    KnownDifferences() {
        // ---- MySQL / MariaDB slow log ----
        add("slow-banner-startup", Kind.GATEWATCH_CHOICE, "", "(no expectation)",
                "a mysqld start banner in the slow log is a STARTUP event (dated by the '# Time:' header that"
                        + " follows it); Beats and the Ops Agent drop it",
                d -> d.observed().isEvent() && "STARTUP".equals(d.observed().get("kind")));
        add("slow-banner-untimed", Kind.GATEWATCH_CHOICE, "", "*",
                "a start banner with no '# Time:' after it has no time at all: rejected INCOMPLETE_MULTILINE",
                d -> rejected(d, "INCOMPLETE_MULTILINE") && detail(d).startsWith("mysqld start banner"));
        add("slow-lone-time-header", Kind.GATEWATCH_CHOICE, "", "*",
                "entries are framed at '# User@Host:' (as Beats and the Ops Agent frame them), so a file's first"
                        + " '# Time:' line is a record of its own with no entry: rejected INCOMPLETE_MULTILINE",
                d -> rejected(d, "INCOMPLETE_MULTILINE") && detail(d).startsWith("only a '# Time:' header"));
        add("beats-banner-in-query", Kind.EXPECTED_DATA, "beats/mysql/slowlog/", "message",
                "Beats appends a start banner that follows a query to that query's text; Gatewatch ends the query"
                        + " there (the banner is a STARTUP event of its own)",
                d -> str(d.expected()).startsWith(d.actual() + "\n") && str(d.expected()).contains("started with:"));

        add("ops-agent-set-timestamp-in-query", Kind.EXPECTED_DATA, "ops-agent/mysql_slow", "message",
                "the Ops Agent keeps the 'SET timestamp=…;' line in the query text; Gatewatch reads it as the"
                        + " event time and keeps only the query",
                d -> str(d.expected()).strip().matches("(?s)SET timestamp=\\d+;\n.*")
                        && str(d.expected()).strip().replaceFirst("^SET timestamp=\\d+;\n", "").equals(d.actual()));
        add("fluentbit-last-entry-unflushed", Kind.EXPECTED_DATA, "ops-agent/mysql_slow (fluentbit)", "(no expectation)",
                "Fluent Bit's multiline parser does not flush the file's last slow-log entry in this test; the OTel"
                        + " pipeline has it, and so does Gatewatch",
                d -> d.observed().isEvent() && "SLOW_QUERY".equals(d.observed().get("kind")));
        add("datadog-user-with-login", Kind.EXPECTED_DATA, "datadog/mysql", "user",
                "DataDog keeps 'priv_user[user]' as written ('root[root]'); Gatewatch reports the account name",
                d -> str(d.expected()).equals(d.actual() + "[" + d.actual() + "]"));

        // ---- MySQL / MariaDB error log ----
        add("datadog-innodb-prefix", Kind.EXPECTED_DATA, "datadog/mysql", "message",
                "DataDog strips the 'InnoDB: ' prefix of MySQL 5.5 lines; Gatewatch keeps the message as logged"
                        + " (as Beats does)",
                d -> ("InnoDB: " + d.expected()).equals(d.actual()));
        add("beats-my-code-in-message", Kind.EXPECTED_DATA, "beats/mysql/error/", "message",
                "Beats keeps '[MY-010116] [Server]' at the start of the message; Gatewatch moves the code to"
                        + " errorCode (compared separately) and drops the subsystem",
                d -> str(d.expected()).matches("(?s)\\[MY-\\d+\\] \\[\\w+\\] .*")
                        && str(d.expected()).replaceFirst("^\\[MY-\\d+\\] \\[\\w+\\] ", "").equals(d.actual()));
        add("beats-trailing-newline", Kind.EXPECTED_DATA, "beats/mysql/error/", "message",
                "Beats keeps the newline of the blank line that ends the file in the last message",
                d -> str(d.expected()).stripTrailing().equals(d.actual()));
        add("beats-old-version-line", Kind.EXPECTED_DATA, "beats/mysql/error/error.log", "*",
                "this older Beats expectation (ecs 1.0.0-beta2) makes the untimed \"Version: '5.7.10' socket: …\""
                        + " line after 'ready for connections.' an event of its own; newer Beats (mariadb-10.4.8"
                        + " expectation) and Gatewatch join it to the entry before",
                d -> (d.field().equals("(entry)") && d.where().equals("offset 935"))
                        || (d.field().equals("message") && str(d.actual()).startsWith(str(d.expected()) + "\nVersion: ")));
        add("beats-mysqld-safe-utc", Kind.EXPECTED_DATA, "beats/mysql/error/error.log", "time",
                "Beats reads the mysqld_safe line's 'YYMMDD HH:MM:SS' as UTC although its test reads every other"
                        + " zone-less MySQL time at -02:00; Gatewatch uses the configured zone for all of them",
                d -> d.actual() instanceof Long a && d.expected() instanceof Long e && a - e == 2 * 3_600_000L);

        // ---- nginx access log ----
        add("beats-lowercase-method", Kind.EXPECTED_DATA, "beats/nginx/access/", "method",
                "this Beats version lower-cases http.request.method; Gatewatch keeps the method as logged",
                d -> str(d.expected()).equals(str(d.actual()).toLowerCase(java.util.Locale.ROOT)));
        add("beats-url-decoded", Kind.EXPECTED_DATA, "beats/nginx/access/", "*",
                "Beats URL-decodes url.original and the referrer ('%20' → ' '); Gatewatch keeps them as logged",
                d -> (d.field().equals("path") || d.field().equals("referrer"))
                        && java.net.URLDecoder.decode(str(d.actual()).replace("+", "%2B"),
                                java.nio.charset.StandardCharsets.UTF_8).equals(d.expected()));

        add("placeholder-dash", Kind.EXPECTED_DATA, "", "*",
                "the other project keeps nginx's '-' placeholder for an absent user, referrer or user agent;"
                        + " Gatewatch reports no value",
                d -> "-".equals(d.expected()) && d.actual() == null
                        && java.util.Set.of("remoteUser", "referrer", "userAgent").contains(d.field()));
        add("fluentbit-empty-string", Kind.EXPECTED_DATA, "ops-agent/nginx_access (fluentbit)", "*",
                "Fluent Bit writes '' for a referer / user agent the line does not have; Gatewatch reports no value",
                d -> "".equals(d.expected()) && d.actual() == null);
        add("unsplittable-request", Kind.GATEWATCH_CHOICE, "crowdsec/nginx-http-malformed", "path",
                "a request line that is not 'METHOD URI HTTP/x' (TLS or binary probes, 'HELP') keeps no method or"
                        + " path in Gatewatch; CrowdSec puts the whole string in 'request' (400s either way)",
                d -> d.actual() == null && d.observed().get("method") == null
                        && java.util.Objects.equals(d.observed().get("status"), 400L));
        add("status-dash", Kind.GATEWATCH_CHOICE, "logstash/httpd_spec", "(event)",
                "status '-' is Apache's (a request never answered); nginx always logs a number, so the nginx"
                        + " parser rejects the line as MALFORMED",
                d -> d.observed() != null && !d.observed().isEvent() && detail(d).contains("status '-'"));

        // ---- nginx error log ----
        add("datadog-pid-in-message", Kind.EXPECTED_DATA, "datadog/nginx", "message",
                "DataDog's error.message keeps 'pid#tid: *connection ' before the message; Gatewatch has them as"
                        + " pid and connection",
                d -> str(d.expected()).matches("\\d+#\\d+: \\*\\d+ .*")
                        && str(d.expected()).replaceFirst("^\\d+#\\d+: \\*\\d+ ", "").equals(d.actual()));
        add("crowdsec-request-scheme", Kind.EXPECTED_DATA, "crowdsec/nginx_req_limit_exceeded", "request",
                "CrowdSec's grok drops the scheme of an absolute request URI ('https://x/' → '//x/'); Gatewatch keeps"
                        + " the request as logged",
                d -> str(d.actual()).replaceFirst(" [a-z]+:(//)", " $1").equals(d.expected()));
        add("otel-local-zone", Kind.CORPUS, "ops-agent/nginx_error (otel)", "time",
                "the OTel expectations read the zone-less nginx error time in the test machine's zone (UTC-7);"
                        + " the Fluent Bit ones, and Gatewatch with a UTC context, read UTC",
                d -> d.actual() instanceof Long a && d.expected() instanceof Long e && e - a == 7 * 3_600_000L);
        add("wild-no-date", Kind.CORPUS, "wild/nginx-upstream-errors", "(event)",
                "the reporter posted this line without its 'yyyy/MM/dd HH:mm:ss' prefix; no time, so rejected",
                d -> d.observed() != null && !d.observed().isEvent() && d.observed().result().detail().contains("time"));
        add("wild-php-fpm-access-line", Kind.CORPUS, "wild/php-fpm-lines", "(event)",
                "a PHP-FPM access-log line quoted among master-log lines; the php-fpm format is the master log",
                d -> d.observed() != null && !d.observed().isEvent() && detail(d).contains("access-log"));
        add("context-in-message", Kind.EXPECTED_DATA, "", "message",
                "the other project keeps the context (', client: …, server: …') in the message; Gatewatch splits"
                        + " it into client/server/request/upstream/host fields",
                d -> str(d.expected()).startsWith(str(d.actual()) + ", client: ")
                        || str(d.expected()).startsWith(str(d.actual()) + ", server: "));
    }

    private static String str(Object o) {
        return o == null ? "null" : o.toString();
    }

    private static boolean rejected(Ledger.Diff d, String reason) {
        return d.observed() != null && !d.observed().isEvent() && d.observed().result().reason().name().equals(reason);
    }

    private static String detail(Ledger.Diff d) {
        return d.observed().result().detail();
    }

    List<Known> all() {
        return rules;
    }

    Known explain(Ledger.Diff d) {
        for (Known k : rules) {
            if (d.source().startsWith(k.source()) && (k.field().equals("*") || k.field().equals(d.field()))
                    && k.when().test(d)) {
                return k;
            }
        }
        return null;
    }

    private void add(String id, Kind kind, String source, String field, String why, Predicate<Ledger.Diff> when) {
        rules.add(new Known(id, kind, source, field, why, when));
    }
}
