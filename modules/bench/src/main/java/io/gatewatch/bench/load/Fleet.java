package io.gatewatch.bench.load;

import io.gatewatch.avro.Site;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A hosting fleet: WordPress sites spread over web hosts (20 per host, one PHP-FPM pool each), sharing
 * database servers (40 sites each) and, for half of them, a Redis. Traffic per site follows a Zipf law
 * (exponent 0.8): a few busy shops, a long tail of quiet blogs.
 */
final class Fleet {

    static final int SITES_PER_HOST = 20;
    static final int SITES_PER_DATABASE = 40;
    static final int SITES_PER_CACHE = 100;
    private static final double ZIPF_EXPONENT = 0.8;

    private final int sites;
    private final String[] names;
    private final String[] pools;
    private final int[] rankToSite;
    private final double[] cumulative;

    Fleet(int sites, long seed) {
        if (sites < 1) {
            throw new IllegalArgumentException("sites must be at least 1");
        }
        this.sites = sites;
        this.names = new String[sites];
        this.pools = new String[sites];
        for (int i = 0; i < sites; i++) {
            pools[i] = String.format("wp%04d", i);
            names[i] = pools[i] + (i % 3 == 0 ? ".shop.example.test" : i % 3 == 1 ? ".blog.example.test" : ".example.net");
        }
        // busy and quiet sites spread over hosts and databases rather than clustered on the first ones
        this.rankToSite = new int[sites];
        for (int i = 0; i < sites; i++) {
            rankToSite[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = sites - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rankToSite[i];
            rankToSite[i] = rankToSite[j];
            rankToSite[j] = t;
        }
        this.cumulative = new double[sites];
        double sum = 0;
        for (int rank = 0; rank < sites; rank++) {
            sum += 1.0 / Math.pow(rank + 1, ZIPF_EXPONENT);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < sites; rank++) {
            cumulative[rank] /= sum;
        }
    }

    int size() {
        return sites;
    }

    String site(int i) {
        return names[i];
    }

    String pool(int i) {
        return pools[i];
    }

    int hostIndex(int site) {
        return site / SITES_PER_HOST;
    }

    String host(int site) {
        return hostName(hostIndex(site));
    }

    static String hostName(int host) {
        return String.format("web-%02d", host + 1);
    }

    int hosts() {
        return (sites + SITES_PER_HOST - 1) / SITES_PER_HOST;
    }

    String database(int site) {
        return databaseName(site / SITES_PER_DATABASE);
    }

    static String databaseName(int db) {
        return String.format("db-%02d", db + 1);
    }

    int databases() {
        return (sites + SITES_PER_DATABASE - 1) / SITES_PER_DATABASE;
    }

    String cache(int site) {
        return site % 2 == 0 ? String.format("redis-%02d", site / SITES_PER_CACHE + 1) : null;
    }

    /** Share of the fleet's requests that site {@code i} gets. */
    double share(int site) {
        for (int rank = 0; rank < sites; rank++) {
            if (rankToSite[rank] == site) {
                return cumulative[rank] - (rank == 0 ? 0 : cumulative[rank - 1]);
            }
        }
        throw new IllegalArgumentException("no site " + site);
    }

    /** A site drawn by traffic share, never one of {@code excluded}. */
    int pick(SplittableRandom random, Set<Integer> excluded) {
        while (true) {
            double u = random.nextDouble();
            int lo = 0;
            int hi = sites - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int site = rankToSite[lo];
            if (excluded.isEmpty() || !excluded.contains(site)) {
                return site;
            }
        }
    }

    /**
     * Sites ranked from quietest to busiest, skipping {@code excluded}: incident candidates. Quiet sites
     * are where a burst of 502s stands out; the busiest would need hundreds.
     */
    List<Integer> quietestFirst(Set<Integer> excluded) {
        List<Integer> out = new ArrayList<>();
        for (int rank = sites - 1; rank >= 0; rank--) {
            if (!excluded.contains(rankToSite[rank])) {
                out.add(rankToSite[rank]);
            }
        }
        return out;
    }

    /** The inventory a fleet operator would publish. */
    List<Site> inventory(Instant now) {
        List<Site> out = new ArrayList<>(sites);
        for (int i = 0; i < sites; i++) {
            out.add(new Site(names[i], List.of(host(i)), pools[i], database(i), cache(i), null, false, now));
        }
        return out;
    }
}
