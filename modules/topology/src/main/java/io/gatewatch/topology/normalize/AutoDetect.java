package io.gatewatch.topology.normalize;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Parsers;
import java.util.List;
import java.util.Optional;

/** Parses an entry whose format nobody named, trying the formats in an order that avoids false matches. */
final class AutoDetect {

    private static final List<String> ORDER = List.of("nginx-error", "nginx-access", "php-fpm", "php-error", "redis",
            "mysql-error", "mysql-slow", "cdn", "telegraf", "change");

    private AutoDetect() {
    }

    static ParseResult parse(String text, ParseContext context) {
        ParseResult last = null;
        for (String name : ORDER) {
            Optional<LineParser> parser = Parsers.forFormat(name);
            if (parser.isEmpty() || !parser.get().startsEntry(text)) {
                continue;
            }
            ParseResult r = parser.get().parse(text, context);
            if (r.isEvent()) {
                return r;
            }
            last = last == null ? r : last;
        }
        return last != null ? last : ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                "no gatewatch.source header, and the line is none of " + Parsers.formats());
    }

    static String formatOf(ParseResult result) {
        return switch (result.payload().getClass().getSimpleName()) {
            case "AccessEvent" -> "nginx-access";
            case "GatewayErrorEvent" -> "nginx-error";
            case "FpmEvent" -> "php-fpm";
            case "PhpErrorEvent" -> "php-error";
            case "DatabaseEvent" -> "mysql";
            case "CacheEvent" -> "redis";
            case "CdnEvent" -> "cdn";
            case "MetricSample" -> "telegraf";
            case "ChangeEvent" -> "change";
            default -> "auto";
        };
    }
}
