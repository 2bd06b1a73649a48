package io.gatewatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small grok-style expander: {@code %{NAME}} and {@code %{NAME:field}} references are replaced by the
 * named definition, recursively, and {@code :field} becomes a Java named group. What comes out is a
 * plain {@link java.util.regex.Pattern}, which is what a grok library hands to the regex engine.
 *
 * <p>The definitions follow the shape of the usual grok pattern set (an address is IPv6, IPv4 or a
 * host name tried in that order; numbers are guarded by look-behind; quoted strings use atomic
 * groups; months are spelled out with their long forms) so that the baseline pays what a grok-based
 * pipeline pays. They were written for this benchmark, not copied from a pattern library.
 */
public final class Grok {

    private static final Map<String, String> DEFINITIONS = new LinkedHashMap<>();

    static {
        define("INT", "(?:[+-]?[0-9]+)");
        define("POSINT", "\\b(?:[1-9][0-9]*)\\b");
        define("NONNEGINT", "\\b(?:[0-9]+)\\b");
        define("NUMBER", "(?<![0-9.+-])(?>[+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+))");
        define("WORD", "\\b\\w+\\b");
        define("NOTSPACE", "\\S+");
        define("DATA", ".*?");
        define("GREEDYDATA", ".*");
        define("QS", "(?>\"(?>\\\\.|[^\\\\\"]+)*\"|'(?>\\\\.|[^\\\\']+)*')");
        define("USER", "[a-zA-Z0-9._-]+");
        define("EMAILADDRESS", "[a-zA-Z0-9._%+-]+@%{HOSTNAME}");
        define("HTTPDUSER", "(?:%{EMAILADDRESS}|%{USER})");
        define("H16", "[0-9A-Fa-f]{1,4}");
        define("IPV4", "(?<![0-9])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
                + "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9])");
        // RFC 4291 text forms: full, and every position of the "::" gap, plus the IPv4-embedded tails.
        define("IPV6", "(?:(?:%{H16}:){7}%{H16}"
                + "|(?:%{H16}:){1,7}:"
                + "|(?:%{H16}:){1,6}:%{H16}"
                + "|(?:%{H16}:){1,5}(?::%{H16}){1,2}"
                + "|(?:%{H16}:){1,4}(?::%{H16}){1,3}"
                + "|(?:%{H16}:){1,3}(?::%{H16}){1,4}"
                + "|(?:%{H16}:){1,2}(?::%{H16}){1,5}"
                + "|%{H16}:(?::%{H16}){1,6}"
                + "|:(?:(?::%{H16}){1,7}|:)"
                + "|(?:%{H16}:){6}%{IPV4}"
                + "|::(?:ffff(?::0{1,4})?:)?%{IPV4})(?:%[0-9A-Za-z]+)?");
        define("HOSTNAME", "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)");
        define("IP", "(?:%{IPV6}|%{IPV4})");
        define("IPORHOST", "(?:%{IP}|%{HOSTNAME})");
        define("MONTH", "\\b(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?"
                + "|[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)\\b");
        define("MONTHNUM", "(?:0?[1-9]|1[0-2])");
        define("MONTHDAY", "(?:0[1-9]|[12][0-9]|3[01]|[1-9])");
        define("YEAR", "(?>\\d\\d){1,2}");
        define("HOUR", "(?:2[0-3]|[01]?[0-9])");
        define("MINUTE", "(?:[0-5][0-9])");
        define("SECOND", "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)");
        define("TIME", "(?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])");
        define("HTTPDATE", "%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}");
        define("NGINXDATE", "%{YEAR}/%{MONTHNUM}/%{MONTHDAY} %{TIME}");
        define("LOGLEVEL", "(?:[Dd]ebug|DEBUG|[Ii]nfo|INFO|[Nn]otice|NOTICE|[Ww]arn(?:ing)?|WARN(?:ING)?"
                + "|[Ee]rr(?:or)?|ERR(?:OR)?|[Cc]rit(?:ical)?|CRIT(?:ICAL)?|[Aa]lert|ALERT|[Ee]merg(?:ency)?|EMERG(?:ENCY)?)");
        // a value nginx logs as a list when several upstreams were tried: "a, b" or "a : b"
        define("NGXLIST", "[^ ,]+(?:(?:,| :) [^ ,]+)*");
    }

    private static final Pattern REFERENCE = Pattern.compile("%\\{(\\w+)(?::(\\w+))?\\}");

    private static void define(String name, String regex) {
        DEFINITIONS.put(name, regex);
    }

    /** Expands the references in {@code expression} and compiles the result. */
    public static Pattern compile(String expression, int flags) {
        return Pattern.compile(expand(expression), flags);
    }

    public static Pattern compile(String expression) {
        return compile(expression, 0);
    }

    /** The plain regular expression an expression stands for. */
    public static String expand(String expression) {
        String current = expression;
        for (int depth = 0; depth < 16; depth++) {
            Matcher m = REFERENCE.matcher(current);
            if (!m.find()) {
                return current;
            }
            StringBuilder out = new StringBuilder(current.length() * 2);
            do {
                String body = DEFINITIONS.get(m.group(1));
                if (body == null) {
                    throw new IllegalArgumentException("unknown grok pattern %{" + m.group(1) + "}");
                }
                String field = m.group(2);
                String replacement = field == null ? "(?:" + body + ")" : "(?<" + field + ">" + body + ")";
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            } while (m.find());
            m.appendTail(out);
            current = out.toString();
        }
        throw new IllegalArgumentException("grok patterns nest too deeply: " + expression);
    }

    private Grok() {
    }
}
