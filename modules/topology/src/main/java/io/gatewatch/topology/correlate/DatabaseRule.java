package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DatabaseEventKind;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.MetricSample;
import io.gatewatch.avro.PhpErrorEvent;
import java.util.Locale;
import java.util.Optional;

/**
 * A database that holds PHP workers: slow queries and lock waits in the slow log, lock-wait timeouts,
 * too many connections, "server has gone away", and PHP workers stuck in database calls (slowlog).
 */
final class DatabaseRule implements CauseRule {

    static final double SLOW_QUERY_SECONDS = 2.0;
    static final double LOCK_SECONDS = 1.0;

    @Override
    public Optional<CauseAssessment> assess(Signals s) {
        EvidenceItems items = new EvidenceItems();
        String server = null;
        for (Signals.Matched<DatabaseEvent> m : s.recent(DatabaseEvent.class)) {
            DatabaseEvent d = m.payload();
            boolean counts = switch (d.getKind()) {
                case SLOW_QUERY -> (d.getQueryTimeSec() != null && d.getQueryTimeSec() >= SLOW_QUERY_SECONDS)
                        || (d.getLockTimeSec() != null && d.getLockTimeSec() >= LOCK_SECONDS);
                case LOCK_WAIT_TIMEOUT, TOO_MANY_CONNECTIONS, SERVER_GONE_AWAY, DEADLOCK, CONNECTION_ERROR -> true;
                default -> false;
            };
            if (counts) {
                items.add("db." + d.getKind().name().toLowerCase(Locale.ROOT), m.event());
                if (server == null) {
                    server = d.getServer() != null ? d.getServer() : m.event().getHost();
                }
            }
        }
        long dbSignals = items.total();
        for (Signals.Matched<FpmEvent> m : s.recent(FpmEvent.class)) {
            FpmEvent f = m.payload();
            if (f.getKind() == FpmEventKind.SLOWLOG_ENTRY && mentionsDatabase(f.getMessage())) {
                items.add("php-fpm.slowlog_in_database_call", m.event());
            }
        }
        for (Signals.Matched<PhpErrorEvent> m : s.recent(PhpErrorEvent.class)) {
            if (mentionsDatabase(m.payload().getMessage()) && m.payload().getMessage().toLowerCase(Locale.ROOT).contains("gone away")) {
                items.add("php.mysql_gone_away", m.event());
            }
        }
        for (Signals.Matched<MetricSample> m : s.recent(MetricSample.class)) {
            if ("mysql".equals(m.payload().getName())) {
                Double running = m.payload().getFields().get("threads_running");
                if (running != null && running >= 20) {
                    items.add("mysql.threads_running_high", m.event());
                }
            }
        }
        if (items.isEmpty() || (dbSignals == 0 && items.total() < 3)) {
            return Optional.empty();
        }
        double confidence = 0.4 + 0.35 * Assessments.saturation(dbSignals, 5)
                + (items.count("php-fpm.slowlog_in_database_call") > 0 ? 0.1 : 0.0);
        String summary = "The database" + (server == null ? "" : " " + server)
                + " is slow: queries wait, PHP workers pile up behind them";
        return Optional.of(Assessments.of(Cause.DATABASE_SLOW, confidence, items.items(), java.util.List.of(), summary,
                server));
    }

    static boolean mentionsDatabase(String text) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("mysqli") || t.contains("mysql_") || t.contains("pdo") || t.contains("wpdb")
                || t.contains("mysql server") || t.contains("database");
    }
}
