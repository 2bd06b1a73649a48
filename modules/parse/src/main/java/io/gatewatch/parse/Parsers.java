package io.gatewatch.parse;

import io.gatewatch.parse.nginx.NginxAccessParser;
import io.gatewatch.parse.nginx.NginxErrorParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parsers by format name. */
public final class Parsers {

    private static final Map<String, LineParser> BY_FORMAT = new LinkedHashMap<>();

    static {
        register(new NginxErrorParser());
        register(new NginxAccessParser());
        register(new io.gatewatch.parse.php.PhpFpmParser());
        register(new io.gatewatch.parse.php.PhpFpmSlowlogParser());
        register(new io.gatewatch.parse.php.PhpErrorParser());
        register(new io.gatewatch.parse.redis.RedisLogParser());
        register(new io.gatewatch.parse.mysql.MysqlSlowParser());
        register(new io.gatewatch.parse.mysql.MysqlErrorParser());
        register(new io.gatewatch.parse.cdn.CdnParser());
        register(new io.gatewatch.parse.telegraf.TelegrafParser());
        register(new io.gatewatch.parse.change.ChangeParser());
        register(new AutoParser());
    }

    private static void register(LineParser parser) {
        BY_FORMAT.put(parser.format(), parser);
    }

    public static Optional<LineParser> forFormat(String format) {
        return Optional.ofNullable(format == null ? null : BY_FORMAT.get(format));
    }

    public static Set<String> formats() {
        return BY_FORMAT.keySet();
    }

    private Parsers() {
    }
}
