package io.gatewatch.topology.remediate;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.ResultStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The commands issued for one site within the remediation stage's memory (the longest of the
 * recurrence window, the cooldown and an hour), oldest first: what the cooldown, the hourly budget and
 * recurrence escalation count.
 */
public record SiteHistory(List<Entry> entries) {

    public SiteHistory {
        entries = List.copyOf(entries);
    }

    public static final SiteHistory EMPTY = new SiteHistory(List.of());

    /**
     * One issued command.
     *
     * @param commandId  id of the issued command
     * @param proposalId id the correlator proposed it under (differs when the stage changed the action)
     * @param incidentId incident it was for
     * @param action     action issued
     * @param mode       mode issued
     * @param automatic  issued to run without an operator (execute, or dry-run that passed every guardrail):
     *                   what the budget and the fleet limit count
     * @param issuedAt   issue time, epoch ms
     * @param expiresAt  expiry, epoch ms
     * @param status     last status an agent reported, or null
     * @param finishedAt when that status was reported as finished, epoch ms, or -1
     */
    public record Entry(String commandId, String proposalId, String incidentId, Action action, CommandMode mode,
                        boolean automatic, long issuedAt, long expiresAt, ResultStatus status, long finishedAt) {

        public Entry {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(proposalId, "proposalId");
            Objects.requireNonNull(incidentId, "incidentId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(mode, "mode");
        }

        Entry withStatus(ResultStatus newStatus, long newFinishedAt) {
            return new Entry(commandId, proposalId, incidentId, action, mode, automatic, issuedAt, expiresAt,
                    newStatus, newFinishedAt);
        }

        /** The agent is done with it (whatever the outcome), or it expired unanswered. */
        boolean finishedBy(long now) {
            return (status != null && status != ResultStatus.AWAITING_APPROVAL) || now >= expiresAt;
        }

        /** A restart that ran or will run without anyone deciding again. */
        boolean restarted() {
            return ActionCatalog.isRestart(action) && (automatic || status == ResultStatus.SUCCEEDED);
        }
    }

    public SiteHistory plus(Entry entry) {
        List<Entry> out = new ArrayList<>(entries);
        out.add(entry);
        return new SiteHistory(out);
    }

    public Optional<Entry> byCommand(String commandId) {
        return entries.stream().filter(e -> e.commandId().equals(commandId)).findFirst();
    }

    public Optional<Entry> byProposal(String proposalId) {
        return entries.stream().filter(e -> e.proposalId().equals(proposalId)).findFirst();
    }

    public SiteHistory replace(Entry updated) {
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.commandId().equals(updated.commandId()) ? updated : e);
        }
        return new SiteHistory(out);
    }

    /** Without entries issued before {@code cutoff}. */
    public SiteHistory since(long cutoff) {
        return new SiteHistory(entries.stream().filter(e -> e.issuedAt() >= cutoff).toList());
    }

    /** Binary layout: a version byte, then the entries. Lives only in a store and its changelog. */
    public static final class SiteHistorySerde implements Serde<SiteHistory> {

        private static final byte VERSION = 1;

        @Override
        public Serializer<SiteHistory> serializer() {
            return (topic, h) -> {
                if (h == null) {
                    return null;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.writeByte(VERSION);
                    out.writeInt(h.entries().size());
                    for (Entry e : h.entries()) {
                        out.writeUTF(e.commandId());
                        out.writeUTF(e.proposalId());
                        out.writeUTF(e.incidentId());
                        out.writeUTF(e.action().name());
                        out.writeUTF(e.mode().name());
                        out.writeBoolean(e.automatic());
                        out.writeLong(e.issuedAt());
                        out.writeLong(e.expiresAt());
                        out.writeUTF(e.status() == null ? "" : e.status().name());
                        out.writeLong(e.finishedAt());
                    }
                } catch (IOException e) {
                    throw new SerializationException("could not write the remediation history of a site", e);
                }
                return bytes.toByteArray();
            };
        }

        @Override
        public Deserializer<SiteHistory> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                    byte version = in.readByte();
                    if (version != VERSION) {
                        throw new SerializationException("remediation history in " + topic + " has version " + version
                                + ", expected " + VERSION);
                    }
                    int n = in.readInt();
                    List<Entry> entries = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        String commandId = in.readUTF();
                        String proposalId = in.readUTF();
                        String incidentId = in.readUTF();
                        Action action = Action.valueOf(in.readUTF());
                        CommandMode mode = CommandMode.valueOf(in.readUTF());
                        boolean automatic = in.readBoolean();
                        long issuedAt = in.readLong();
                        long expiresAt = in.readLong();
                        String status = in.readUTF();
                        long finishedAt = in.readLong();
                        entries.add(new Entry(commandId, proposalId, incidentId, action, mode, automatic, issuedAt,
                                expiresAt, status.isEmpty() ? null : ResultStatus.valueOf(status), finishedAt));
                    }
                    return new SiteHistory(entries);
                } catch (IOException | IllegalArgumentException e) {
                    throw new SerializationException("could not read the remediation history of a site from " + topic, e);
                }
            };
        }
    }
}
