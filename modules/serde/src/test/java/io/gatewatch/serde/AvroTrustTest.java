package io.gatewatch.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.Incident;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class AvroTrustTest {

    @Test
    void trustsGeneratedClassesAndInstallsOnlyOnce() {
        AvroTrust.install();
        ClassSecurityValidator.ClassSecurityPredicate installed = ClassSecurityValidator.getGlobal();
        AvroTrust.install();

        assertThat(ClassSecurityValidator.getGlobal()).isSameAs(installed);
        assertThat(installed.isTrusted(Incident.class)).isTrue();
        // the JDK's own trusted classes still are
        assertThat(installed.isTrusted(String.class)).isTrue();
    }
}
