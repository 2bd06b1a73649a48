package io.gatewatch.topology.normalize;

import io.gatewatch.avro.DeadLetterReason;

/**
 * An input record's bytes checked and decoded as text, or the reason they cannot be.
 *
 * @param text   the decoded text; null when rejected
 * @param reason why it was rejected; null when decoded
 * @param detail explanation of the rejection
 */
record DecodedInput(String text, DeadLetterReason reason, String detail) {

    static DecodedInput ok(String text) {
        return new DecodedInput(text, null, null);
    }

    static DecodedInput rejected(DeadLetterReason reason, String detail) {
        return new DecodedInput(null, reason, detail);
    }

    boolean isOk() {
        return text != null;
    }
}
