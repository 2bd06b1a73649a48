package io.gatewatch.topology.normalize;

import io.gatewatch.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks raw input bytes before any parser sees them: empty, too large, NUL bytes and invalid UTF-8
 * become rejections, so that no parser has to defend against them and none can throw on them.
 */
final class InputDecoder {

    private final int maxBytes;
    private final ThreadLocal<CharsetDecoder> decoders = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    InputDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    DecodedInput decode(byte[] value) {
        if (value == null || value.length == 0) {
            return DecodedInput.rejected(DeadLetterReason.EMPTY, "empty record value");
        }
        if (value.length > maxBytes) {
            return DecodedInput.rejected(DeadLetterReason.TOO_LARGE,
                    "record of " + value.length + " bytes exceeds input.max.record.bytes=" + maxBytes);
        }
        boolean ascii = true;
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            if (b == 0) {
                return DecodedInput.rejected(DeadLetterReason.NUL_BYTE, "NUL byte at offset " + i);
            }
            if (b < 0) {
                ascii = false;
            }
        }
        String text;
        if (ascii) {
            text = new String(value, StandardCharsets.US_ASCII);
        } else {
            try {
                CharBuffer chars = decoders.get().reset().decode(ByteBuffer.wrap(value));
                text = chars.toString();
            } catch (CharacterCodingException e) {
                return DecodedInput.rejected(DeadLetterReason.INVALID_UTF8, "not valid UTF-8: " + e.getMessage());
            }
        }
        text = stripLineEnd(text);
        if (text.isBlank()) {
            return DecodedInput.rejected(DeadLetterReason.EMPTY, "record holds only white space");
        }
        return DecodedInput.ok(text);
    }

    private static String stripLineEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }
}
