package io.gatewatch.ship;

import io.gatewatch.parse.LineParser;
import java.util.Set;

/**
 * How the physical lines of a format group into entries. For a multi-line format the registered
 * parser decides, with {@link LineParser#startsEntry} and {@link LineParser#mayContinue}; without a
 * parser (one that has not arrived yet) the rules {@code gatewatch replay} has always used apply (a
 * MySQL slow-log {@code # Time:} header keeps its {@code # User@Host:} line, PHP-FPM slow-log entries
 * are separated by blank lines, and so on). In a single-line format every non-blank line is an entry,
 * whether or not the parser recognises it, so that a garbled line never swallows its neighbours.
 */
public final class FramingRules {

    /** Formats whose entries may span several physical lines (besides those whose parser says so). */
    public static final Set<String> MULTI_LINE = Set.of("nginx-error", "php-error", "php-fpm-slow", "mysql-slow",
            "mysql-error");

    private final String format;
    private final LineParser parser;
    private final boolean multiLine;
    private final boolean parserKnowsCompleteness;
    private final boolean joinsEntries;

    private FramingRules(String format, LineParser parser) {
        this.format = format == null ? "" : format;
        this.parser = parser;
        boolean declaresContinue = declares(parser, "mayContinue", String.class);
        this.multiLine = MULTI_LINE.contains(this.format) || declaresContinue;
        // A multi-line parser that does not say when an entry is complete would have every entry cut
        // after its first line if its default (never continues) were taken at its word.
        // A format that writes a header of the next entry after a complete one (MySQL's '# Time:') keeps
        // a complete entry until the next line shows where such a header belongs: sent at once, the
        // entry would leave a header at the end of a file (or before a flush) with no entry to join.
        this.joinsEntries = multiLine
                && (declares(parser, "isPreamble", String.class) || declares(parser, "joinsNext", String.class, String.class));
        this.parserKnowsCompleteness = declaresContinue && !joinsEntries;
    }

    /** Rules for {@code format}; {@code parser} may be null when no parser is registered for it. */
    public static FramingRules of(String format, LineParser parser) {
        return new FramingRules(format, parser);
    }

    public String format() {
        return format;
    }

    /** Whether entries of this format may span several physical lines. */
    public boolean multiLine() {
        return multiLine;
    }

    /** Whether a blank line ends the current entry (and is dropped). */
    boolean blankSeparates() {
        return parser == null && "php-fpm-slow".equals(format);
    }

    /** Whether a blank line inside an entry is dropped rather than kept. */
    boolean dropsBlankLines() {
        return !multiLine;
    }

    /**
     * Whether {@code line} begins a new entry.
     *
     * @param sawQuery for mysql-slow without a parser: whether the current entry already holds its query
     */
    boolean startsEntry(String line, boolean sawQuery) {
        if (!multiLine) {
            return true;
        }
        return parser != null ? parser.startsEntry(line) : known(line, sawQuery);
    }

    /**
     * Whether the held {@code entry} belongs in front of the entry {@code nextLine} starts (a MySQL slow
     * log's lone {@code # Time:} line after a completed entry), so it must not go out on its own.
     */
    boolean joinsNext(String entry, String nextLine) {
        return joinsEntries && parser.joinsNext(entry, nextLine);
    }

    /** Whether {@link #joinsNext} can ever be true: spares building the held entry's text when not. */
    boolean joinsEntries() {
        return joinsEntries;
    }

    /**
     * Whether {@code entry} is certainly complete, so it can go out without waiting for the next
     * entry or the flush timeout.
     */
    boolean certainlyComplete(String entry) {
        if (!multiLine) {
            return true;
        }
        return parser != null && parserKnowsCompleteness && !parser.mayContinue(entry);
    }

    private boolean known(String line, boolean sawQuery) {
        return switch (format) {
            case "php-error" -> line.startsWith("[");
            case "php-fpm-slow" -> false;
            case "mysql-slow" -> line.startsWith("# Time:") || (sawQuery && line.startsWith("# User@Host:"))
                    || line.startsWith("/usr/") || line.startsWith("Tcp port:") || line.startsWith("Time ");
            case "mysql-error" -> !line.startsWith(" ") && !line.startsWith("\t");
            default -> true;
        };
    }

    /** Whether the parser's class (not the interface default) defines {@code method(parameters)}. */
    private static boolean declares(LineParser parser, String method, Class<?>... parameters) {
        if (parser == null) {
            return false;
        }
        try {
            return parser.getClass().getMethod(method, parameters).getDeclaringClass() != LineParser.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
