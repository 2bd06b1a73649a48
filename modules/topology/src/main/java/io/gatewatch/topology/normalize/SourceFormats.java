package io.gatewatch.topology.normalize;

import java.util.Locale;

/**
 * Infers a line's format from what shippers say about it: Filebeat's {@code event.dataset} or the
 * file it was read from. Only names that are unambiguous are mapped; anything else is left to
 * detection from the line itself.
 */
final class SourceFormats {

    private SourceFormats() {
    }

    static String fromDataset(String dataset) {
        if (dataset == null) {
            return null;
        }
        return switch (dataset.toLowerCase(Locale.ROOT)) {
            case "nginx.access" -> "nginx-access";
            case "nginx.error" -> "nginx-error";
            case "mysql.slowlog" -> "mysql-slow";
            case "mysql.error" -> "mysql-error";
            case "redis.log" -> "redis";
            case "php_fpm.log", "php-fpm.log", "php_fpm.master" -> "php-fpm";
            case "php_fpm.slowlog", "php-fpm.slowlog" -> "php-fpm-slow";
            case "php.error", "wordpress.debug" -> "php-error";
            default -> null;
        };
    }

    static String fromPath(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        String p = path.toLowerCase(Locale.ROOT);
        String name = p.substring(p.lastIndexOf('/') + 1);
        if (name.contains("fpm") && name.contains("slow")) {
            return "php-fpm-slow";
        }
        if (name.contains("fpm")) {
            return "php-fpm";
        }
        if (name.equals("debug.log") || name.startsWith("php") && name.contains("error")) {
            return "php-error";
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            if (name.contains("slow")) {
                return "mysql-slow";
            }
            if (name.contains("error") || name.endsWith(".err")) {
                return "mysql-error";
            }
        }
        if (p.contains("redis")) {
            return "redis";
        }
        if (p.contains("nginx")) {
            if (name.contains("error")) {
                return "nginx-error";
            }
            if (name.contains("access")) {
                return "nginx-access";
            }
        }
        return null;
    }

    /**
     * Site named by a per-site log file, as in {@code /var/log/nginx/shop.example.test.access.log}
     * or {@code shop.example.test-error.log}; null when the name carries none.
     */
    static String siteFromPath(String path) {
        if (path == null) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        for (String suffix : new String[] {".access.log", "-access.log", "_access.log", ".error.log", "-error.log",
                "_error.log"}) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                String site = name.substring(0, name.length() - suffix.length());
                return site.contains(".") ? site : null;
            }
        }
        return null;
    }
}
