package io.gatewatch.bench.load;

import io.gatewatch.bench.load.LogLines.UpstreamFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Telemetry of a {@link Fleet}, one second of event time at a time: access lines by traffic share, the
 * error-log, PHP-FPM and slow-log lines of a normal day, Telegraf metrics on their intervals (CPU and
 * memory per host every 10 s, PHP-FPM per pool every 30 s, MySQL per server every 10 s), and the lines
 * of any incident under way.
 *
 * <p>Mix of the non-metric lines at rate R lines/s: access 0.93 R (0.1% of them stray 502s), error log
 * 0.04 R, PHP-FPM 0.025 R, slow-log entries 0.005 R. Metrics add about 45 lines/s per 1,000 sites.
 */
final class Workload {

    static final double ACCESS_SHARE = 0.93;
    static final double ERROR_SHARE = 0.04;
    static final double FPM_SHARE = 0.025;
    static final double DB_SHARE = 0.005;

    private final Fleet fleet;
    private final SplittableRandom random;
    private final LogLines lines = new LogLines();
    private final double rate;
    private final List<Incident> incidents = new ArrayList<>();
    private double accessCarry;
    private double errorCarry;
    private double fpmCarry;
    private double dbCarry;
    private int connection = 1000;

    Workload(Fleet fleet, long seed, double linesPerSecond) {
        this.fleet = fleet;
        this.random = new SplittableRandom(seed);
        this.rate = linesPerSecond;
    }

    Fleet fleet() {
        return fleet;
    }

    void addIncident(Incident incident) {
        incidents.add(incident);
    }

    List<Incident> incidents() {
        return incidents;
    }

    /** Every record of the second starting at {@code second} (epoch millis, whole second), in time order. */
    List<InputRecord> second(long second, Set<Integer> excluded) {
        List<InputRecord> out = new ArrayList<>((int) (rate * 1.2) + 64);
        accessCarry += rate * ACCESS_SHARE;
        for (; accessCarry >= 1; accessCarry--) {
            int site = fleet.pick(random, excluded);
            long t = second + random.nextInt(1000);
            String path = LogLines.path(random);
            String ip = LogLines.client(random);
            int status = status(random);
            if (status == 502) {
                // a stray one: a worker recycled mid-request
                out.add(InputRecord.error(fleet.host(site), lines.upstreamError(t, UpstreamFailure.RESET, ++connection,
                        fleet.site(site), fleet.pool(site), ip, path), t));
            }
            out.add(InputRecord.access(fleet.site(site), fleet.host(site),
                    lines.access(t, random, fleet.site(site), ip, path, status), t));
        }
        errorCarry += rate * ERROR_SHARE;
        for (; errorCarry >= 1; errorCarry--) {
            int site = fleet.pick(random, excluded);
            long t = second + random.nextInt(1000);
            out.add(InputRecord.error(fleet.host(site), lines.errorNoise(t, random, ++connection, fleet.site(site),
                    LogLines.client(random)), t));
        }
        fpmCarry += rate * FPM_SHARE;
        for (; fpmCarry >= 1; fpmCarry--) {
            int site = fleet.pick(random, excluded);
            long t = second + random.nextInt(1000);
            out.add(InputRecord.fpm(fleet.host(site), lines.fpmNoise(t, random, fleet.pool(site)), t));
        }
        dbCarry += rate * DB_SHARE;
        for (; dbCarry >= 1; dbCarry--) {
            int site = fleet.pick(random, excluded);
            long t = second + random.nextInt(1000);
            out.add(InputRecord.slowQuery(fleet.database(site), lines.slowQuery(t, random, fleet.pool(site),
                    fleet.host(site), 1 + random.nextDouble() * 3), t));
        }
        metrics(second, out);
        for (Incident incident : incidents) {
            if (incident.start() < second + 1000 && incident.end() > second) {
                incidentSecond(incident, second, out);
            }
        }
        out.sort(Comparator.comparingLong(InputRecord::timestamp));
        return out;
    }

    private void metrics(long second, List<InputRecord> out) {
        long s = second / 1000;
        for (int h = 0; h < fleet.hosts(); h++) {
            if ((s + h) % 10 == 0) {
                String host = Fleet.hostName(h);
                long t = second + 3;
                out.add(InputRecord.metric(host, LogLines.cpu(t, host, random, false), t));
                out.add(InputRecord.metric(host, LogLines.mem(t, host, random), t));
            }
        }
        for (int site = 0; site < fleet.size(); site++) {
            if ((s + site) % 30 == 0) {
                long t = second + 5;
                boolean saturated = saturated(site, second);
                out.add(InputRecord.metric(fleet.host(site), LogLines.phpfpm(t, fleet.host(site), fleet.pool(site),
                        random, saturated), t));
            }
        }
        for (int db = 0; db < fleet.databases(); db++) {
            if ((s + db) % 10 == 0) {
                String host = Fleet.databaseName(db);
                long t = second + 7;
                out.add(InputRecord.metric(host, LogLines.mysql(t, host, random, slowDatabase(host, second)), t));
            }
        }
    }

    private boolean saturated(int site, long second) {
        for (Incident i : incidents) {
            if (i.site() == site && i.type() == IncidentType.PHP_FPM_SATURATED && i.start() <= second && i.end() > second) {
                return true;
            }
        }
        return false;
    }

    private boolean slowDatabase(String db, long second) {
        for (Incident i : incidents) {
            if (i.type() == IncidentType.DATABASE_SLOW && fleet.database(i.site()).equals(db) && i.start() <= second
                    && i.end() > second) {
                return true;
            }
        }
        return false;
    }

    /** An incident's second: extra failing requests (bots and retries pile on), their error lines, and its signals. */
    private void incidentSecond(Incident incident, long second, List<InputRecord> out) {
        int site = incident.site();
        String name = fleet.site(site);
        String host = fleet.host(site);
        String pool = fleet.pool(site);
        long from = Math.max(second, incident.start());
        long to = Math.min(second + 1000, incident.end());
        if (from == incident.start()) {
            switch (incident.type()) {
                case PHP_FPM_DOWN -> {
                    out.add(InputRecord.fpm(host, lines.fpmStopping(from), from));
                    out.add(InputRecord.fpm(host, lines.fpmExiting(from), from));
                }
                case PHP_FPM_WORKER_CRASH -> out.add(InputRecord.fpm(host, lines.fpmWorkerKilled(from, random, pool), from));
                default -> {
                }
            }
        }
        long offset = second - incident.start();
        if (incident.type() == IncidentType.PHP_FPM_SATURATED && offset % 5000 < 1000) {
            out.add(InputRecord.fpm(host, lines.fpmMaxChildren(from, pool), from));
        }
        if (incident.type() == IncidentType.PHP_FPM_WORKER_CRASH && random.nextInt(3) == 0) {
            out.add(InputRecord.fpm(host, lines.fpmWorkerKilled(from, random, pool), from));
        }
        if (incident.type() == IncidentType.DATABASE_SLOW) {
            for (int q = 0; q < 2; q++) {
                long t = from + random.nextInt((int) Math.max(1, to - from));
                out.add(InputRecord.slowQuery(fleet.database(site), lines.slowQuery(t, random, pool, host,
                        10 + random.nextDouble() * 30), t));
            }
        }
        int requests = 4 + random.nextInt(5);
        for (int i = 0; i < requests; i++) {
            long t = from + random.nextInt((int) Math.max(1, to - from));
            String ip = LogLines.client(random);
            String path = LogLines.path(random);
            if (LogLines.isPhp(path)) {
                UpstreamFailure failure = incident.type().failure();
                out.add(InputRecord.error(host, lines.upstreamError(t, failure, ++connection, name, pool, ip, path), t));
                out.add(InputRecord.access(name, host, lines.access(t, random, name, ip, path,
                        failure == UpstreamFailure.TIMEOUT ? 504 : 502), t));
            } else {
                out.add(InputRecord.access(name, host, lines.access(t, random, name, ip, path, 200), t));
            }
        }
    }

    /**
     * A live incident's first second as it reaches the shipper: two requests still served, then one
     * failing request every {@code spacingMillis} with its error-log line. The burst is what lands on
     * an otherwise quiet site, so {@link Burst#crossing()} is exactly the access line that makes the
     * 502s of the detection window reach both thresholds.
     */
    Burst burst(int site, IncidentType type, long t0, int failing, long spacingMillis, int minErrors, double minShare) {
        String name = fleet.site(site);
        String host = fleet.host(site);
        String pool = fleet.pool(site);
        List<InputRecord> out = new ArrayList<>();
        long t = t0;
        for (int i = 0; i < 2; i++) {
            out.add(InputRecord.access(name, host, lines.access(t, random, name, LogLines.client(random),
                    LogLines.phpPath(random), 200), t));
            t += spacingMillis;
        }
        if (type == IncidentType.PHP_FPM_DOWN) {
            out.add(InputRecord.fpm(host, lines.fpmExiting(t), t));
        }
        int crossing = -1;
        int requests = 2;
        int errors = 0;
        UpstreamFailure failure = type.failure();
        int status = failure == UpstreamFailure.TIMEOUT ? 504 : 502;
        for (int i = 0; i < failing; i++) {
            String ip = LogLines.client(random);
            String path = LogLines.phpPath(random);
            out.add(InputRecord.error(host, lines.upstreamError(t, failure, ++connection, name, pool, ip, path), t));
            out.add(InputRecord.access(name, host, lines.access(t, random, name, ip, path, status), t));
            requests++;
            errors++;
            if (crossing < 0 && errors >= minErrors && errors >= minShare * requests) {
                crossing = out.size() - 1;
            }
            t += spacingMillis;
        }
        if (crossing < 0) {
            throw new IllegalArgumentException(failing + " failing requests do not cross the thresholds");
        }
        return new Burst(site, type, out, crossing);
    }

    /** Roughly 0.1% stray 502s, a few 5xx, the usual 3xx/4xx. */
    private static int status(SplittableRandom r) {
        int p = r.nextInt(10_000);
        if (p < 8_350) {
            return 200;
        }
        if (p < 9_050) {
            return 304;
        }
        if (p < 9_350) {
            return r.nextBoolean() ? 301 : 302;
        }
        if (p < 9_800) {
            return 404;
        }
        if (p < 9_900) {
            return 403;
        }
        if (p < 9_960) {
            return 499;
        }
        if (p < 9_990) {
            return 500;
        }
        return 502;
    }

    /** The failure modes injected, with the upstream error nginx reports for each. */
    enum IncidentType {
        PHP_FPM_DOWN(UpstreamFailure.REFUSED),
        PHP_FPM_WORKER_CRASH(UpstreamFailure.RESET),
        PHP_FPM_SATURATED(UpstreamFailure.EAGAIN),
        DATABASE_SLOW(UpstreamFailure.TIMEOUT);

        private final UpstreamFailure failure;

        IncidentType(UpstreamFailure failure) {
            this.failure = failure;
        }

        UpstreamFailure failure() {
            return failure;
        }
    }

    /** An injected incident: site index, what fails, and when (epoch millis). */
    record Incident(int site, IncidentType type, long start, long end) {
    }

    /** The records of a live burst and the index of the one that crosses the thresholds. */
    record Burst(int site, IncidentType type, List<InputRecord> records, int crossing) {
    }
}
