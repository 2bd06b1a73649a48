package io.gatewatch.topology.correlate;

/** Finds the plugin or theme a PHP message's file paths point into. */
final class WordPressPaths {

    private WordPressPaths() {
    }

    /** {@code plugin:slug} or {@code theme:slug} for the first wp-content path in the text; null if none. */
    static String slugIn(String text) {
        if (text == null) {
            return null;
        }
        String plugin = after(text, "/wp-content/plugins/");
        if (plugin == null) {
            plugin = after(text, "/wp-content/mu-plugins/");
        }
        if (plugin != null) {
            return PluginRule.SLUG_PREFIX_PLUGIN + plugin;
        }
        String theme = after(text, "/wp-content/themes/");
        return theme == null ? null : PluginRule.SLUG_PREFIX_THEME + theme;
    }

    private static String after(String text, String marker) {
        int at = text.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int start = at + marker.length();
        int end = start;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '/' || c == ':' || c == ' ' || c == '"' || c == '\'' || c == '\n') {
                break;
            }
            end++;
        }
        if (end == start) {
            return null;
        }
        String slug = text.substring(start, end);
        // A single-file mu-plugin (slug.php) is named without its extension.
        return slug.endsWith(".php") ? slug.substring(0, slug.length() - 4) : slug;
    }
}
