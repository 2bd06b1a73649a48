package io.gatewatch.parse.php;

/**
 * Finds the WordPress plugin or theme a file path (or any text holding paths, such as a stack trace)
 * belongs to: {@code …/wp-content/plugins/<slug>/…}, {@code …/wp-content/mu-plugins/<slug>/…} (or a
 * single-file {@code …/plugins/<slug>.php}) and {@code …/wp-content/themes/<slug>/…}.
 */
public final class WordPressPaths {

    private static final String PLUGINS = "/wp-content/plugins/";
    private static final String MU_PLUGINS = "/wp-content/mu-plugins/";
    private static final String THEMES = "/wp-content/themes/";

    /** Slug of the first plugin (or must-use plugin) path in {@code text}; null when there is none. */
    public static String pluginSlug(String text) {
        if (text == null) {
            return null;
        }
        int p = text.indexOf(PLUGINS);
        int mu = text.indexOf(MU_PLUGINS);
        if (p < 0 && mu < 0) {
            return null;
        }
        if (p >= 0 && (mu < 0 || p < mu)) {
            return slugAt(text, p + PLUGINS.length());
        }
        return slugAt(text, mu + MU_PLUGINS.length());
    }

    /** Slug of the first theme path in {@code text}; null when there is none. */
    public static String themeSlug(String text) {
        if (text == null) {
            return null;
        }
        int t = text.indexOf(THEMES);
        return t < 0 ? null : slugAt(text, t + THEMES.length());
    }

    /**
     * The directory name after the marker, or a single file's name without {@code .php}. Slugs are
     * what WordPress allows in a directory name; anything else (a quote, a space) ends it.
     */
    private static String slugAt(String text, int from) {
        int i = from;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                break;
            }
            i++;
        }
        if (i == from) {
            return null;
        }
        String name = text.substring(from, i);
        if (i < n && text.charAt(i) == '/') {
            return name;
        }
        // A single-file plugin: wp-content/plugins/hello.php, or mu-plugins/loader.php:12
        if (name.endsWith(".php") && name.length() > 4) {
            return name.substring(0, name.length() - 4);
        }
        return null;
    }

    private WordPressPaths() {
    }
}
