package io.gatewatch.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Decides whether a new schema may join a subject, with Avro's own reader/writer rules.
 *
 * <p>Every registry in this project (the in-memory one for {@code mock://} URLs and the embedded
 * HTTP one) uses this class, so that a schema accepted in tests is accepted in local mode too and
 * matches what Confluent's registry, which also delegates to {@link SchemaCompatibility}, decides.
 */
public final class CompatibilityChecker {

    /** An earlier version of the subject. */
    public record Prior(int version, Schema schema) {
        public Prior {
            Objects.requireNonNull(schema, "schema");
        }
    }

    private CompatibilityChecker() {
    }

    /**
     * Lists why {@code candidate} may not follow {@code priors} under {@code level}.
     *
     * @param priors the live earlier versions, oldest first
     * @return one line per problem; empty when the candidate is compatible
     */
    public static List<String> incompatibilities(CompatibilityLevel level, Schema candidate, List<Prior> priors) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(priors, "priors");
        if (level == CompatibilityLevel.NONE || priors.isEmpty()) {
            return List.of();
        }
        List<Prior> checked = level.transitive() ? priors : List.of(priors.get(priors.size() - 1));
        List<String> problems = new ArrayList<>();
        // latest first: the most relevant conflict is the one with the schema producers use today
        for (int i = checked.size() - 1; i >= 0; i--) {
            Prior prior = checked.get(i);
            if (level.newReadsOld()) {
                describe(problems, SchemaCompatibility.checkReaderWriterCompatibility(candidate, prior.schema())
                        .getResult(), "new schema cannot read data written with version " + prior.version());
            }
            if (level.oldReadsNew()) {
                describe(problems, SchemaCompatibility.checkReaderWriterCompatibility(prior.schema(), candidate)
                        .getResult(), "version " + prior.version() + " cannot read data written with the new schema");
            }
        }
        return List.copyOf(problems);
    }

    /** Convenience for callers that only need a yes or no. */
    public static boolean isCompatible(CompatibilityLevel level, Schema candidate, List<Prior> priors) {
        return incompatibilities(level, candidate, priors).isEmpty();
    }

    /** Avro says only the field name for a missing default; say what is wrong with it. */
    private static String explain(Incompatibility incompatibility) {
        if (incompatibility.getType() == SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE) {
            return "field '" + incompatibility.getMessage() + "' has no default value and is missing in the "
                    + "schema the data was written with";
        }
        return incompatibility.getMessage();
    }

    private static void describe(List<String> problems, SchemaCompatibilityResult result, String direction) {
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            problems.add(incompatibility.getType() + " at '" + incompatibility.getLocation() + "': "
                    + explain(incompatibility) + " (" + direction + ")");
        }
    }
}
