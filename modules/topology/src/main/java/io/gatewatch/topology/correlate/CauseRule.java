package io.gatewatch.topology.correlate;

import io.gatewatch.avro.CauseAssessment;
import java.util.Optional;

/** Scores one cause from the signals around an incident; empty when nothing points to it. */
public interface CauseRule {

    Optional<CauseAssessment> assess(Signals signals);
}
