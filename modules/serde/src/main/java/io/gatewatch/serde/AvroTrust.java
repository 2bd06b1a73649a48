package io.gatewatch.serde;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Makes Avro trust the classes generated from {@code schemas/*.avsc}.
 *
 * <p>Avro 1.12.2 refuses to instantiate classes outside an allow-list when it decodes specific
 * records, which would make every Gatewatch deserializer fail at runtime unless each launcher
 * remembered {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}. The serdes call {@link #install()}
 * from their static initializers so that nobody has to remember.
 */
public final class AvroTrust {

    /** Package prefix of the generated classes (with the trailing dot, so look-alikes do not match). */
    public static final String TRUSTED_PREFIX = "io.gatewatch.avro.";

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private AvroTrust() {
    }

    /** Adds the generated package to Avro's global allow-list; later calls do nothing. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(),
                    cls -> cls.getName().startsWith(TRUSTED_PREFIX)));
        }
    }
}
