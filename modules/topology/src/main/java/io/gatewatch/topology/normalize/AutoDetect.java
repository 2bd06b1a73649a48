package io.gatewatch.topology.normalize;

import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.util.Optional;

/** Parses an entry whose format nobody named, with the parse module's detection. */
final class AutoDetect {

    private AutoDetect() {
    }

    static ParseResult parse(String text, ParseContext context) {
        return io.gatewatch.parse.AutoDetect.parse(text, context);
    }

    /** The detected format name, for the event's sourceType. */
    static String formatOf(String text) {
        Optional<String> format = io.gatewatch.parse.AutoDetect.detect(text);
        return format.orElse("auto");
    }
}
