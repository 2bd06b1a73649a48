package io.gatewatch.cli.replay;

import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.RemediationCommand;

/** Hears about outputs as they appear, for live display. */
public interface ReplayListener {

    ReplayListener NONE = new ReplayListener() {
    };

    default void incidentEvent(IncidentEvent event) {
    }

    default void command(RemediationCommand command) {
    }

    default void progress(long sent, long total) {
    }
}
