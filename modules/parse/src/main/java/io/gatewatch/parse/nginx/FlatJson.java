package io.gatewatch.parse.nginx;

import java.util.HashMap;
import java.util.Map;

/**
 * A small scanner for the one-object-per-line JSON that nginx writes with {@code log_format … escape=json}.
 * It reads the top-level members of an object into a map of strings: string values unescaped
 * (quote, backslash, slash, b, f, n, r, t and u-plus-four-hex escapes, surrogate pairs included), numbers and booleans as written,
 * {@code null} as Java null. Nested objects and arrays are skipped (validated, not kept). An unknown
 * escape such as nginx's default-mode {@code \x22} is kept literally rather than failing the line.
 * Never throws: {@link #parse} returns null for text that is not one JSON object.
 */
final class FlatJson {

    private final String s;
    private int pos;

    private FlatJson(String s) {
        this.s = s;
    }

    /** The object's scalar members, or null when {@code text} is not a single well-formed JSON object. */
    static Map<String, String> parse(String text) {
        FlatJson p = new FlatJson(text);
        try {
            Map<String, String> out = p.object();
            p.skipSpace();
            return out != null && p.pos == text.length() ? out : null;
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    private Map<String, String> object() {
        skipSpace();
        if (!take('{')) {
            return null;
        }
        Map<String, String> out = new HashMap<>(32);
        skipSpace();
        if (take('}')) {
            return out;
        }
        while (true) {
            skipSpace();
            String key = string();
            if (key == null) {
                return null;
            }
            skipSpace();
            if (!take(':')) {
                return null;
            }
            skipSpace();
            char c = s.charAt(pos);
            if (c == '"') {
                String v = string();
                if (v == null) {
                    return null;
                }
                out.put(key, v);
            } else if (c == '{' || c == '[') {
                if (!skipNested()) {
                    return null;
                }
            } else {
                int start = pos;
                while (pos < s.length() && ",} \t\r\n".indexOf(s.charAt(pos)) < 0) {
                    pos++;
                }
                String raw = s.substring(start, pos);
                if (raw.isEmpty() || !isLiteral(raw)) {
                    return null;
                }
                out.put(key, "null".equals(raw) ? null : raw);
            }
            skipSpace();
            if (take(',')) {
                continue;
            }
            return take('}') ? out : null;
        }
    }

    private static boolean isLiteral(String raw) {
        if (raw.equals("true") || raw.equals("false") || raw.equals("null")) {
            return true;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** Skips a nested object or array, strings inside it included. */
    private boolean skipNested() {
        int depth = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                if (string() == null) {
                    return false;
                }
                continue;
            }
            pos++;
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A string at pos (which must be '"'), unescaped; null when unterminated. */
    private String string() {
        if (!take('"')) {
            return null;
        }
        int start = pos;
        // Fast path: no escapes.
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                return s.substring(start, pos++);
            }
            if (c == '\\') {
                break;
            }
            pos++;
        }
        StringBuilder b = new StringBuilder(pos - start + 16);
        b.append(s, start, pos);
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos++), 16);
                        if (d < 0) {
                            return null;
                        }
                        v = v * 16 + d;
                    }
                    b.append((char) v);
                }
                default -> b.append('\\').append(e);
            }
        }
        return null;
    }

    private boolean take(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }
}
