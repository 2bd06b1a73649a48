package io.gatewatch.parse.conformance;

import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * crowdsecurity/hub {@code .tests/<name>/}: the {@code .log} and the {@code parser.assert} expressions of the
 * s01-parse stage, {@code results["s01-parse"]["<parser>"][i].Evt.Parsed["field"] == "value"}, where
 * {@code i} is the 0-based line of the log. Times without a zone are read as UTC there.
 */
final class CrowdSecSource {

    private static final ParseContext CONTEXT = ParseContext.utc();
    private static final Pattern PARSED = Pattern.compile(
            "^results\\[\"s01-parse\"]\\[\"([^\"]+)\"]\\[(\\d+)]\\.Evt\\.Parsed\\[\"([^\"]+)\"] == \"(.*)\"$");
    private static final Pattern SUCCESS = Pattern.compile(
            "^results\\[\"s01-parse\"]\\[\"([^\"]+)\"]\\[(\\d+)]\\.Success == (true|false)$");

    /** Hub test directory → the s01-parse parser whose expectations are compared, or why none are. */
    private static final Map<String, String> TESTS = new LinkedHashMap<>();

    static {
        TESTS.put("nginx_http-logs", "crowdsecurity/nginx-logs");
        TESTS.put("nginx-http-malformed", "crowdsecurity/nginx-logs");
        TESTS.put("nginx_req_limit_exceeded", "crowdsecurity/nginx-logs");
        TESTS.put("bookstack-logs", "xs539/bookstack-logs");
        TESTS.put("modsecurity-logs-nginx", "crowdsecurity/modsecurity");
        TESTS.put("mysql-logs", "crowdsecurity/mysql-logs");
        TESTS.put("mariadb-logs", "crowdsecurity/mariadb-logs");
        TESTS.put("nginx-mail-logs", null);
    }

    private CrowdSecSource() {
    }

    static void run(Corpus corpus, Ledger ledger) {
        for (Map.Entry<String, String> test : TESTS.entrySet()) {
            String dir = "hub/.tests/" + test.getKey();
            if (!corpus.exists(dir)) {
                continue;
            }
            String source = "crowdsec/" + test.getKey();
            String log = dir + "/" + logName(corpus, dir);
            List<String> lines = Corpus.lines(corpus.bytes(log));
            if (test.getValue() == null) {
                // nginx mail proxy (smtp/imap/pop3 auth) lines: their parser's results are not per log line.
                for (String line : lines) {
                    ledger.outOfScope(source, "nginx mail-proxy lines (out of scope; parse-checked below)");
                }
                for (int i = 0; i < lines.size(); i++) {
                    ledger.parseOnly(source + " (parse only)", "line " + (i + 1), Observed.of(
                            Corpus.parser(formatOf(test.getKey(), lines.get(i))).parse(lines.get(i), CONTEXT)));
                }
                continue;
            }
            Map<Integer, Map<String, String>> parsed = new TreeMap<>();
            Map<Integer, Boolean> success = new TreeMap<>();
            for (String assertion : Corpus.lines(corpus.bytes(dir + "/parser.assert"))) {
                Matcher m = PARSED.matcher(assertion);
                if (m.matches() && m.group(1).equals(test.getValue())) {
                    parsed.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new LinkedHashMap<>())
                            .put(m.group(3), unquote(m.group(4)));
                }
                Matcher s = SUCCESS.matcher(assertion);
                if (s.matches() && s.group(1).equals(test.getValue())) {
                    success.put(Integer.parseInt(s.group(2)), Boolean.parseBoolean(s.group(3)));
                }
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = "line " + (i + 1);
                if (line.startsWith("[") && line.contains("] [php:")) {
                    ledger.outOfScope(source, "Apache httpd error-log line (mod_php): not an nginx format");
                    continue;
                }
                String format = formatOf(test.getKey(), line);
                LineParser parser = Corpus.parser(format);
                Observed observed = Observed.of(parser.parse(line, CONTEXT));
                Map<String, String> fields = parsed.get(i);
                if (fields == null || !success.getOrDefault(i, false)) {
                    ledger.unexpected(source, where, observed, "CrowdSec's parser does not parse this line");
                    continue;
                }
                ledger.compare(source, where, expectation(format, fields), observed);
            }
        }
    }

    private static String logName(Corpus corpus, String dir) {
        for (String line : Corpus.lines(corpus.bytes(dir + "/config.yaml"))) {
            if (line.startsWith("log_file:")) {
                return line.substring("log_file:".length()).strip();
            }
        }
        throw new AssertionError("no log_file in " + dir + "/config.yaml");
    }

    private static String formatOf(String test, String line) {
        if (test.startsWith("mysql") || test.startsWith("mariadb")) {
            return "mysql-error";
        }
        return Corpus.parser("nginx-error").startsEntry(line) ? "nginx-error" : "nginx-access";
    }

    private static Map<String, Object> expectation(String format, Map<String, String> p) {
        Expect x = new Expect();
        switch (format) {
            case "nginx-access" -> {
                put(x, p, "remote_addr", "clientAddr");
                put(x, p, "remote_user", "remoteUser");
                put(x, p, "verb", "method");
                put(x, p, "request", "path");
                if (p.containsKey("http_version")) {
                    x.put("protocol", "HTTP/" + p.get("http_version"));
                }
                putLong(x, p, "status", "status");
                putLong(x, p, "body_bytes_sent", "bytes");
                put(x, p, "http_referer", "referrer");
                put(x, p, "http_user_agent", "userAgent");
                put(x, p, "target_fqdn", "vhost");
                if (p.containsKey("time_local")) {
                    x.put("time", Expect.nginxLocalMillis(p.get("time_local")));
                }
            }
            case "nginx-error" -> {
                String time = p.containsKey("time") ? p.get("time") : p.get("timestamp");
                if (time != null) {
                    x.put("time", Expect.nginxErrorMillis(time, CONTEXT.zone()));
                }
                put(x, p, "loglevel", "level");
                putLong(x, p, "pid", "pid");
                putLong(x, p, "cid", "connection");
                put(x, p, "remote_addr", "client");
                put(x, p, "target_fqdn", "server");
                if (p.containsKey("verb") || p.containsKey("request")) {
                    // CrowdSec splits the request: context into verb, path and version.
                    x.put("request", p.getOrDefault("verb", "?") + " " + p.getOrDefault("request", "?")
                            + (p.containsKey("http_version") ? " HTTP/" + p.get("http_version") : ""));
                }
                String message = p.get("message");
                if (message != null && !message.startsWith(time == null ? "\u0000" : time)) {
                    x.put("message", message);
                }
            }
            case "mysql-error" -> {
                put(x, p, "user", "user");
                if (p.containsKey("err_code")) {
                    x.put("errorCode", Long.parseLong(p.get("err_code").substring(3)));
                }
                String time = p.get("time");
                if (time != null && time.contains("T")) {
                    x.put("time", Expect.isoMillis(time));
                } else if (time != null && p.containsKey("date")) {
                    String[] hms = time.split(":");
                    x.put("time", java.time.LocalDateTime.parse(p.get("date") + "T"
                                    + String.format("%02d:%s:%s", Integer.parseInt(hms[0]), hms[1], hms[2]))
                            .atZone(CONTEXT.zone()).toInstant().toEpochMilli());
                }
            }
            default -> throw new IllegalArgumentException(format);
        }
        return x.values();
    }

    private static void put(Expect x, Map<String, String> p, String from, String to) {
        if (p.containsKey(from)) {
            x.put(to, p.get(from));
        }
    }

    private static void putLong(Expect x, Map<String, String> p, String from, String to) {
        if (p.containsKey(from)) {
            try {
                x.put(to, Long.parseLong(p.get(from)));
            } catch (NumberFormatException e) {
                x.put(to, p.get(from));
            }
        }
    }

    /** Go string literal body → text ({@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \xHH}, {@code \\uHHHH}). */
    static String unquote(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'x' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(n);
            }
        }
        return out.toString();
    }
}
