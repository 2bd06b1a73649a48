package io.gatewatch.parse;

/**
 * The {@code auto} format: each entry is parsed by the format {@link AutoDetect} recognises. Entries are
 * framed as the recognised format frames them: a line whose shape no format recognises ({@code Stack trace:},
 * a slowlog frame, a query line) continues the entry before it.
 */
public final class AutoParser implements LineParser {

    @Override
    public String format() {
        return AutoDetect.FORMAT;
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        return AutoDetect.parse(entry, context);
    }

    @Override
    public boolean startsEntry(String line) {
        return AutoDetect.parserFor(line).map(p -> p.startsEntry(line)).orElse(false);
    }

    @Override
    public boolean mayContinue(String entry) {
        return AutoDetect.parserFor(entry).map(p -> p.mayContinue(entry)).orElse(false);
    }
}
