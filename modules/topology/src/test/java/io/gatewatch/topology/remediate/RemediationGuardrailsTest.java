package io.gatewatch.topology.remediate;

import static io.gatewatch.topology.remediate.RemediationHarness.SHOP;
import static io.gatewatch.topology.remediate.RemediationHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.CommandRef;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.IncidentState;
import io.gatewatch.avro.IncidentTransition;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.ResultStatus;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.remediate.RemediationHarness.Failure;
import io.gatewatch.topology.remediate.RemediationHarness.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One test per guardrail of DESIGN.md's "Remediation, and its guardrails", each through the whole
 * topology in a TopologyTestDriver: nginx lines in, commands out, agent results in on
 * gatewatch.remediation.results. Refused connections attribute PHP_FPM_DOWN, whose ladder is
 * RESTART_PHP_FPM, RESTART_NGINX, NOTIFY. At 2 requests per second a burst crosses the thresholds (5
 * errors and 20 % within 10 s) in its third second.
 */
class RemediationGuardrailsTest {

    private static final Instant ONSET = T0.plusSeconds(120);
    private static final Duration FOUR_MINUTES = Duration.ofMinutes(4);

    private static Map<String, String> execute(String... more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(GatewatchConfig.MODE, "execute");
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private static Function<RemediationCommand, Optional<Reply>> succeedsExecuted() {
        return c -> c.getMode() == CommandMode.EXECUTE
                ? Optional.of(new Reply(ResultStatus.SUCCEEDED, Duration.ofSeconds(5))) : Optional.empty();
    }

    /**
     * {@code cycles} separate incidents on one site, {@code every} apart: 60 s of refused connections,
     * then healthy traffic (the incident resolves after the 60 s quiet period; the 60 s hold period ends
     * before the next one, so each is a new incident).
     */
    private static void cycles(RemediationHarness h, int cycles, Duration every, Instant end) {
        Function<Instant, Failure> failing = t -> {
            if (t.isBefore(ONSET)) {
                return Failure.NONE;
            }
            long into = Duration.between(ONSET, t).toSeconds() % every.toSeconds();
            long cycle = Duration.between(ONSET, t).toSeconds() / every.toSeconds();
            return cycle < cycles && into < 60 ? Failure.REFUSED : Failure.NONE;
        };
        h.run(T0, end, Map.of(SHOP, failing));
    }

    private static String brief(RemediationCommand c) {
        return c.getAction() + " " + c.getMode();
    }

    @Test
    void waitFirstHoldsTheFirstCommandUntilTheIncidentHasLasted30s() {
        try (RemediationHarness h = new RemediationHarness(execute())) {
            // a burst that heals by itself within 20 s gets no command at all
            h.run(SHOP, T0, ONSET.plusSeconds(200), ONSET, ONSET.plusSeconds(20));
            assertThat(h.incidentOf(SHOP).getState()).isEqualTo(IncidentState.RESOLVED);
            assertThat(h.commands()).isEmpty();

            // one that lasts gets its command exactly 30 s (event time) after it opened, not before
            Instant second = ONSET.plusSeconds(400);
            h.run(SHOP, ONSET.plusSeconds(200), second.plusSeconds(60), second, second.plusSeconds(60));
            Incident incident = h.incidentOf(SHOP);
            List<RemediationCommand> commands = h.commands();
            assertThat(commands).extracting(RemediationGuardrailsTest::brief).containsExactly("RESTART_PHP_FPM EXECUTE");
            assertThat(incident.getOpenedAt()).isEqualTo(second.plusSeconds(2));
            assertThat(commands.get(0).getIssuedAt()).isEqualTo(incident.getOpenedAt().plusSeconds(30));
        }
    }

    @Test
    void cooldownAllowsOneRestartPerSiteAndHoldsTheNextForApproval() {
        try (RemediationHarness h = new RemediationHarness(execute())) {   // cooldown 10m by default
            h.agent(succeedsExecuted());
            // incidents at 0, 4 and 11 minutes after onset
            Function<Instant, Failure> failing = t -> {
                long s = Duration.between(ONSET, t).toSeconds();
                boolean down = (s >= 0 && s < 60) || (s >= 240 && s < 300) || (s >= 660 && s < 720);
                return down ? Failure.REFUSED : Failure.NONE;
            };
            h.run(T0, ONSET.plusSeconds(840), Map.of(SHOP, failing));

            List<RemediationCommand> commands = h.commands();
            assertThat(h.incidentsOf(SHOP)).hasSize(3);
            assertThat(commands).extracting(RemediationGuardrailsTest::brief).containsExactly(
                    "RESTART_PHP_FPM EXECUTE", "RESTART_PHP_FPM APPROVAL", "RESTART_PHP_FPM EXECUTE");
            RemediationCommand held = commands.get(1);
            assertThat(held.getReason()).startsWith("held for approval by the cooldown")
                    .contains(commands.get(0).getCommandId()).contains("remediation.cooldown=10m");
            assertThat(held.getCommandId()).startsWith(h.incidentsOf(SHOP).get(1).getIncidentId());
            // the third comes more than 10 minutes after the first restart: the cooldown is over, and the
            // held restart, which never ran, does not count
            assertThat(Duration.between(commands.get(0).getIssuedAt(), commands.get(2).getIssuedAt()))
                    .isGreaterThan(Duration.ofMinutes(10));
        }
    }

    @Test
    void hourlyBudgetHoldsTheThirdAutomaticActionWithinAnHour() {
        try (RemediationHarness h = new RemediationHarness(execute(GatewatchConfig.MAX_ACTIONS_PER_HOUR, "2",
                GatewatchConfig.COOLDOWN, "1m", GatewatchConfig.RECURRENCE_MAX_RESTARTS, "10"))) {
            h.agent(succeedsExecuted());
            // incidents at 0, 4, 8 minutes, and 61 minutes after onset
            Function<Instant, Failure> failing = t -> {
                long s = Duration.between(ONSET, t).toSeconds();
                boolean down = (s >= 0 && s < 60) || (s >= 240 && s < 300) || (s >= 480 && s < 540)
                        || (s >= 3660 && s < 3720);
                return down ? Failure.REFUSED : Failure.NONE;
            };
            h.run(T0, ONSET.plusSeconds(3840), Map.of(SHOP, failing));

            List<RemediationCommand> commands = h.commands();
            assertThat(h.incidentsOf(SHOP)).hasSize(4);
            assertThat(commands).extracting(RemediationGuardrailsTest::brief).containsExactly(
                    "RESTART_PHP_FPM EXECUTE", "RESTART_PHP_FPM EXECUTE", "RESTART_PHP_FPM APPROVAL",
                    "RESTART_PHP_FPM EXECUTE");
            assertThat(commands.get(2).getReason()).startsWith("held for approval by the hourly budget")
                    .contains("2 automatic actions on " + SHOP).contains("remediation.max.actions.per.hour=2");
            // an hour after the first, only one automatic action is left in the window
            assertThat(Duration.between(commands.get(0).getIssuedAt(), commands.get(3).getIssuedAt()))
                    .isGreaterThan(Duration.ofHours(1));
        }
    }

    @Test
    void fleetLimitActsOnAtMostAShareOfTheFleetAtOnce() {
        String a = "a.example.test";
        String b = "b.example.test";
        String c = "c.example.test";
        String d = "d.example.test";
        try (RemediationHarness h = new RemediationHarness(execute(GatewatchConfig.FLEET_MAX_CONCURRENT, "20%"))) {
            // ten sites in the inventory: 20 % of the fleet is two sites
            h.inventory(a, b, c, d, "e.example.test", "f.example.test", "g.example.test", "h.example.test",
                    "i.example.test", "j.example.test");
            Map<String, Function<Instant, Failure>> sites = new LinkedHashMap<>();
            sites.put(a, t -> t.isBefore(ONSET) ? Failure.NONE : Failure.REFUSED);
            sites.put(b, t -> t.isBefore(ONSET) ? Failure.NONE : Failure.REFUSED);
            sites.put(c, t -> t.isBefore(ONSET) ? Failure.NONE : Failure.REFUSED);
            sites.put(d, t -> t.isBefore(ONSET.plusSeconds(120)) ? Failure.NONE : Failure.REFUSED);
            h.run(T0, ONSET.plusSeconds(100), sites);

            assertThat(h.commands()).extracting(x -> x.getSite() + " " + brief(x)).containsExactly(
                    a + " RESTART_PHP_FPM EXECUTE", b + " RESTART_PHP_FPM EXECUTE", c + " RESTART_PHP_FPM APPROVAL");
            RemediationCommand held = h.commandsFor(c).get(0);
            assertThat(held.getReason()).startsWith("held for approval by the fleet limit: 2 sites already have a "
                    + "command in flight (" + a + ", " + b + ")").contains("remediation.fleet.max.concurrent=20% of "
                    + "the fleet of 10 sites, at most 2");

            // a's restart is done: a slot is free again for the next site
            h.result(h.commandsFor(a).get(0), ResultStatus.SUCCEEDED, ONSET.plusSeconds(100));
            h.run(ONSET.plusSeconds(100), ONSET.plusSeconds(160), sites);
            assertThat(h.commandsFor(d)).extracting(RemediationGuardrailsTest::brief)
                    .containsExactly("RESTART_PHP_FPM EXECUTE");
        }
    }

    @Test
    void verifyThenEscalateMovesUpTheLadderWhenTheErrorsOutlastTheVerificationWindow() {
        try (RemediationHarness h = new RemediationHarness(execute())) {
            h.agent(succeedsExecuted());
            h.run(SHOP, T0, ONSET.plusSeconds(420), ONSET, ONSET.plusSeconds(420));   // restarts do not help

            List<RemediationCommand> commands = h.commands();
            String incidentId = h.incidentOf(SHOP).getIncidentId();
            assertThat(commands).extracting(RemediationCommand::getCommandId).containsExactly(
                    incidentId + "/RESTART_PHP_FPM/1", incidentId + "/RESTART_NGINX/1", incidentId + "/NOTIFY/1");
            assertThat(commands).extracting(RemediationCommand::getMode).containsOnly(CommandMode.EXECUTE);
            // each next step comes when the verification window after the previous one's finish is over
            for (int i = 1; i < commands.size(); i++) {
                Instant finished = commands.get(i - 1).getIssuedAt().plusSeconds(5);
                assertThat(commands.get(i).getIssuedAt()).isEqualTo(finished.plus(Duration.ofMinutes(2)));
                assertThat(commands.get(i).getAttempt()).isEqualTo(1);
                assertThat(commands.get(i).getReason()).contains(commands.get(i - 1).getCommandId() + " succeeded")
                        .contains("2m verification window").contains("next step of the PHP_FPM_DOWN ladder");
            }
        }
    }

    @Test
    void aStepThatWorkedIsVerifiedAndNothingFollowsIt() {
        try (RemediationHarness h = new RemediationHarness(execute())) {
            h.agent(succeedsExecuted());
            // the restart is issued 32 s after onset and finishes 5 s later; the errors stop right after it
            h.run(SHOP, T0, ONSET.plusSeconds(420), ONSET, ONSET.plusSeconds(40));

            assertThat(h.commands()).extracting(RemediationGuardrailsTest::brief)
                    .containsExactly("RESTART_PHP_FPM EXECUTE");
            assertThat(h.incidentOf(SHOP).getState()).isEqualTo(IncidentState.RESOLVED);
        }
    }

    @Test
    void aFailedStepEscalatesAtOnceAndTheIncidentIsNoLongerMitigating() {
        try (RemediationHarness h = new RemediationHarness(execute())) {
            h.agent(c -> Optional.of(new Reply(c.getAction() == Action.RESTART_PHP_FPM ? ResultStatus.FAILED
                    : ResultStatus.SUCCEEDED, Duration.ofSeconds(5))));
            h.run(SHOP, T0, ONSET.plusSeconds(60), ONSET, ONSET.plusSeconds(60));

            List<RemediationCommand> commands = h.commands();
            assertThat(commands).extracting(RemediationGuardrailsTest::brief)
                    .containsExactly("RESTART_PHP_FPM EXECUTE", "RESTART_NGINX EXECUTE");
            Instant failedAt = commands.get(0).getIssuedAt().plusSeconds(5);
            assertThat(commands.get(1).getIssuedAt()).isBetween(failedAt, failedAt.plusSeconds(1));
            assertThat(commands.get(1).getReason()).contains(commands.get(0).getCommandId() + " failed: Job for");
            List<IncidentState> states = h.events().stream().map(e -> e.getIncident().getState()).toList();
            assertThat(states).containsSubsequence(IncidentState.MITIGATING, IncidentState.OPEN,
                    IncidentState.MITIGATING);
        }
    }

    @Test
    void recurrenceEscalatesRepeatedRestartsOfASiteToNotify() {
        try (RemediationHarness h = new RemediationHarness(execute(GatewatchConfig.COOLDOWN, "1m",
                GatewatchConfig.MAX_ACTIONS_PER_HOUR, "10", GatewatchConfig.RECURRENCE_MAX_RESTARTS, "2"))) {
            h.agent(succeedsExecuted());
            cycles(h, 3, FOUR_MINUTES, ONSET.plusSeconds(3 * 240));

            List<Incident> incidents = h.incidentsOf(SHOP);
            List<RemediationCommand> commands = h.commands();
            assertThat(incidents).hasSize(3);
            assertThat(commands).extracting(RemediationGuardrailsTest::brief).containsExactly(
                    "RESTART_PHP_FPM EXECUTE", "RESTART_PHP_FPM EXECUTE", "NOTIFY EXECUTE");
            RemediationCommand notify = commands.get(2);
            assertThat(notify.getCommandId()).isEqualTo(incidents.get(2).getIncidentId() + "/NOTIFY/1");
            assertThat(notify.getReason()).startsWith("underlying resource problem: " + SHOP + " had 2 restarts "
                    + "within 24h (remediation.recurrence.max.restarts=2), so RESTART_PHP_FPM is not run again");
            assertThat(notify.getCause()).isEqualTo(Cause.PHP_FPM_DOWN);
            // the incident shows the NOTIFY it got, not the restart that was proposed
            assertThat(incidents.get(2).getCommands()).extracting(CommandRef::getAction).containsExactly(Action.NOTIFY);
        }
    }

    @Test
    void riskyActionsAlwaysWaitForApprovalEvenInExecuteMode() {
        String risky = "headers.example.test";
        try (RemediationHarness h = new RemediationHarness(execute(GatewatchConfig.FLEET_MAX_CONCURRENT, "5"))) {
            Map<String, Function<Instant, Failure>> sites = new LinkedHashMap<>();
            sites.put(risky, t -> t.isBefore(ONSET) ? Failure.NONE : Failure.HEADER_TOO_BIG);
            sites.put(SHOP, t -> t.isBefore(ONSET) ? Failure.NONE : Failure.REFUSED);
            h.run(T0, ONSET.plusSeconds(60), sites);

            assertThat(h.incidentOf(risky).getCauses().get(0).getCause()).isEqualTo(Cause.UPSTREAM_HEADER_TOO_BIG);
            assertThat(h.commandsFor(risky)).extracting(RemediationGuardrailsTest::brief)
                    .containsExactly("RAISE_FASTCGI_BUFFERS APPROVAL");
            assertThat(h.commandsFor(risky).get(0).getReason()).startsWith("risky action");
            // the same run executes what is not risky
            assertThat(h.commandsFor(SHOP)).extracting(RemediationGuardrailsTest::brief)
                    .containsExactly("RESTART_PHP_FPM EXECUTE");
            // an incident waiting for an operator is not being mitigated yet
            assertThat(h.incidentOf(risky).getState()).isEqualTo(IncidentState.OPEN);
        }
    }

    @Test
    void dryRunPublishesWouldRunCommandsThatNeverMitigateOrEscalate() {
        String other = "blog.example.test";
        try (RemediationHarness h = new RemediationHarness(Map.of(GatewatchConfig.MODE, "dry-run",
                GatewatchConfig.FLEET_MAX_CONCURRENT, "1"))) {
            h.agent(c -> Optional.of(new Reply(ResultStatus.WOULD_RUN, Duration.ofSeconds(1))));
            Map<String, Function<Instant, Failure>> sites = new LinkedHashMap<>();
            sites.put(SHOP, t -> t.isBefore(ONSET) ? Failure.NONE : Failure.REFUSED);
            sites.put(other, t -> t.isBefore(ONSET) ? Failure.NONE : Failure.REFUSED);
            h.run(T0, ONSET.plusSeconds(400), sites);   // errors go on well past any verification window

            // one command per site, both DRY_RUN: no verification follows a dry run, nothing escalates
            assertThat(h.commands()).extracting(x -> x.getSite() + " " + brief(x)).containsExactlyInAnyOrder(
                    SHOP + " RESTART_PHP_FPM DRY_RUN", other + " RESTART_PHP_FPM DRY_RUN");
            // a dry run shows what the guardrails would do, but nothing in it may ever execute: the command
            // the fleet limit holds stays DRY_RUN (an operator could approve an APPROVAL command) and says so
            assertThat(h.commands()).extracting(RemediationCommand::getReason)
                    .filteredOn(r -> r.startsWith("dry run; in execute mode this would wait for approval, held by "
                            + "the fleet limit: 1 site already has a command in flight")).hasSize(1);
            Incident shop = h.incidentOf(SHOP);
            assertThat(shop.getCommands()).extracting(CommandRef::getMode, CommandRef::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(CommandMode.DRY_RUN, ResultStatus.WOULD_RUN));
            assertThat(shop.getState()).isEqualTo(IncidentState.OPEN);
            assertThat(h.events()).extracting(IncidentEvent::getTransition)
                    .doesNotContain(IncidentTransition.MITIGATING);
        }
    }

    @Test
    void expiredCommandsStopCountingAsInFlightAndLateResultsTriggerNothing() {
        String a = "a.example.test";
        String c = "c.example.test";
        try (RemediationHarness h = new RemediationHarness(execute(GatewatchConfig.COMMAND_TTL, "2m",
                GatewatchConfig.FLEET_MAX_CONCURRENT, "1"))) {
            Map<String, Function<Instant, Failure>> sites = new LinkedHashMap<>();
            sites.put(a, t -> t.isBefore(ONSET) ? Failure.NONE : Failure.REFUSED);
            sites.put(c, t -> t.isBefore(ONSET.plusSeconds(60)) ? Failure.NONE : Failure.REFUSED);
            h.run(T0, ONSET.plusSeconds(160), sites);

            RemediationCommand a1 = h.commandsFor(a).get(0);
            assertThat(a1.getMode()).isEqualTo(CommandMode.EXECUTE);
            assertThat(a1.getExpiresAt()).isEqualTo(a1.getIssuedAt().plus(Duration.ofMinutes(2)));
            RemediationCommand c1 = h.commandsFor(c).get(0);
            assertThat(c1.getMode()).isEqualTo(CommandMode.APPROVAL);   // a is in flight: the fleet limit holds c
            assertThat(c1.getReason()).contains("fleet limit");

            // a's restart is never answered and expires; so does c's held one. Proposed again, c's runs now:
            // a's expired command no longer counts as in flight
            h.run(ONSET.plusSeconds(160), c1.getExpiresAt().plusSeconds(10), sites);
            assertThat(h.incidentOf(a).getCommands()).extracting(CommandRef::getStatus)
                    .startsWith(ResultStatus.SKIPPED_EXPIRED);
            List<RemediationCommand> forC = h.commandsFor(c);
            assertThat(forC).extracting(RemediationGuardrailsTest::brief).containsExactly(
                    "RESTART_PHP_FPM APPROVAL", "RESTART_PHP_FPM EXECUTE");
            assertThat(forC.get(1).getCommandId()).endsWith("/RESTART_PHP_FPM/2");
            assertThat(forC.get(1).getIssuedAt()).isEqualTo(c1.getExpiresAt());
            assertThat(forC.get(1).getReason()).contains(c1.getCommandId() + " expired");

            // the agent reports a's restart after all, finished after it had expired
            h.result(a1, ResultStatus.SUCCEEDED, a1.getExpiresAt().plusSeconds(5));
            h.run(c1.getExpiresAt().plusSeconds(10), ONSET.plusSeconds(400), sites);

            // the late success is recorded on a's incident, but no verification or next step follows it
            Incident incidentA = h.incidentOf(a);
            assertThat(incidentA.getCommands()).filteredOn(r -> r.getCommandId().equals(a1.getCommandId()))
                    .extracting(CommandRef::getStatus).containsExactly(ResultStatus.SUCCEEDED);
            assertThat(h.commandsFor(a)).extracting(RemediationCommand::getAction).containsOnly(Action.RESTART_PHP_FPM);
            // a's own re-proposal meets the cooldown of the restart that may have run
            assertThat(h.commandsFor(a).get(1).getMode()).isEqualTo(CommandMode.APPROVAL);
            assertThat(h.commandsFor(a).get(1).getReason()).contains("cooldown");
        }
    }

    @Test
    void resultsFoldBackIntoTheIncidentsCommandsAndState() {
        try (RemediationHarness h = new RemediationHarness(execute())) {
            h.agent(succeedsExecuted());
            h.run(SHOP, T0, ONSET.plusSeconds(300), ONSET, ONSET.plusSeconds(40));

            RemediationCommand restart = h.commands().get(0);
            List<IncidentEvent> lifecycle = h.events();
            assertThat(lifecycle).extracting(IncidentEvent::getTransition).containsExactly(IncidentTransition.OPENED,
                    IncidentTransition.MITIGATING, IncidentTransition.UPDATED, IncidentTransition.RESOLVED);

            IncidentEvent mitigating = lifecycle.get(1);
            assertThat(mitigating.getAt()).isEqualTo(restart.getIssuedAt());
            assertThat(mitigating.getIncident().getState()).isEqualTo(IncidentState.MITIGATING);
            assertThat(mitigating.getIncident().getCommands()).containsExactly(new CommandRef(restart.getCommandId(),
                    Action.RESTART_PHP_FPM, CommandMode.EXECUTE, restart.getIssuedAt(), null));

            IncidentEvent succeeded = lifecycle.get(2);
            assertThat(succeeded.getAt()).isEqualTo(restart.getIssuedAt().plusSeconds(5));
            assertThat(succeeded.getIncident().getState()).isEqualTo(IncidentState.MITIGATING);
            assertThat(succeeded.getIncident().getCommands()).extracting(CommandRef::getStatus)
                    .containsExactly(ResultStatus.SUCCEEDED);
            assertThat(succeeded.getIncident().getVersion()).isEqualTo(mitigating.getIncident().getVersion() + 1);

            Incident last = h.incidentOf(SHOP);
            assertThat(last.getState()).isEqualTo(IncidentState.RESOLVED);
            assertThat(last.getCommands()).extracting(CommandRef::getCommandId, CommandRef::getStatus).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(restart.getCommandId(), ResultStatus.SUCCEEDED));
        }
    }

    @Test
    void commandIdsAreDeterministicAndReplaysDoNotDependOnTheWallClock() {
        Function<RemediationHarness, String> replay = h -> {
            h.agent(succeedsExecuted());
            h.run(SHOP, T0, ONSET.plusSeconds(420), ONSET, ONSET.plusSeconds(420));
            return h.commands().stream().map(c -> c.getCommandId() + " " + c.getMode() + " " + c.getIssuedAt() + " "
                    + c.getExpiresAt() + " " + c.getReason()).collect(Collectors.joining("\n"))
                    + "\n" + h.events().stream().map(e -> e.getEventId() + " " + e.getTransition() + " " + e.getAt())
                    .collect(Collectors.joining("\n"));
        };
        String first;
        try (RemediationHarness h = new RemediationHarness(execute(), T0)) {
            first = replay.apply(h);
        }
        String second;
        try (RemediationHarness h = new RemediationHarness(execute(), Instant.parse("2031-01-01T00:00:00Z"))) {
            second = replay.apply(h);
        }
        assertThat(second).isEqualTo(first);
        assertThat(first).contains(SHOP + "/BAD_GATEWAY/20261125T090202Z/RESTART_PHP_FPM/1 EXECUTE 2026-11-25T09:02:32Z");
    }
}
