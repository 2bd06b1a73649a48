package io.gatewatch.cli.replay;

import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.RemediationCommand;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the topology emitted for a replay: the latest state of each incident, and everything else in order. */
public final class ReplayResult {

    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final List<IncidentEvent> events = new ArrayList<>();
    private final List<RemediationCommand> commands = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    void incident(Incident incident) {
        Incident known = incidents.get(incident.getIncidentId());
        if (known == null || known.getVersion() <= incident.getVersion()) {
            incidents.put(incident.getIncidentId(), incident);
        }
    }

    void event(IncidentEvent event) {
        events.add(event);
    }

    void command(RemediationCommand command) {
        commands.add(command);
    }

    void deadLetter(DeadLetter letter) {
        deadLetters.add(letter);
    }

    public Collection<Incident> incidents() {
        return incidents.values();
    }

    public List<IncidentEvent> events() {
        return events;
    }

    public List<RemediationCommand> commands() {
        return commands;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }
}
