package io.gatewatch.parse;

/**
 * Turns one log entry (possibly several physical lines joined with '\n') into a typed event.
 * Implementations are stateless and thread-safe.
 */
public interface LineParser {

    /** Format name as used in headers, CLI flags and dead letters, for example {@code nginx-error}. */
    String format();

    /** Never throws for bad input: returns {@link ParseResult#reject}. */
    ParseResult parse(String entry, ParseContext context);

    /**
     * Whether a physical line begins a new entry. Formats whose entries span lines (nginx's
     * FastCGI stderr messages, slow logs) override this so readers can reassemble them.
     */
    default boolean startsEntry(String line) {
        return true;
    }

    /**
     * Whether more physical lines may still belong to this entry. A stream that receives one line per
     * record holds such an entry back until the next entry starts or a flush timeout passes; entries
     * that are certainly complete are parsed at once, so detection does not wait on them.
     */
    default boolean mayContinue(String entry) {
        return false;
    }

    /**
     * Whether this text only introduces the entry that follows it (MySQL's {@code # Time:} header,
     * written once per second before the entries of that second). A reader joins a preamble to the
     * next entry instead of parsing it alone.
     */
    default boolean isPreamble(String entry) {
        return false;
    }

    /**
     * Whether the held {@code entry} belongs in front of the entry that {@code nextLine} starts, so a
     * reader joins them instead of parsing the held text alone: a {@link #isPreamble preamble}, and
     * whatever else a format writes ahead of an entry without being one.
     */
    default boolean joinsNext(String entry, String nextLine) {
        return isPreamble(entry);
    }
}
