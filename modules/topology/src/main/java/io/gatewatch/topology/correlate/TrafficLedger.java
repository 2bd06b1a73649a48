package io.gatewatch.topology.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A site's request counters per second, kept in a window store as one {@link TrafficBlock} per site and
 * block of {@link #BLOCK_SECONDS} seconds. The newest block of each site is held in memory while it fills
 * and written when the caller says ({@link #flush}) or when the site moves on to the next block, so a batch
 * of access counts ({@link AccessCountsProcessor}, up to ten seconds) costs a store write and a changelog
 * record per block it touches (one or two) instead of one per second. Reads see the held block as if it
 * were written.
 *
 * <p>Only the newest block is held, and a block is held only after everything stored for it was read, so
 * a newer block than the held one can have nothing stored yet (no lookup needed), and a second of an older
 * block (a late line) is added to the store at once. Records of single seconds, which stores and
 * changelogs written before blocks hold, are merged into their block the first time it is written.
 */
public final class TrafficLedger {

    public static final int BLOCK_SECONDS = 10;
    public static final long BLOCK_MS = BLOCK_SECONDS * 1000L;

    /** Visits a second that had requests: its start (epoch ms) and counters. */
    @FunctionalInterface
    public interface SecondVisitor {
        void visit(long second, TrafficCounts counts);
    }

    private static final class Held {
        final long start;
        final TrafficCounts[] seconds;
        boolean dirty;

        Held(long start, TrafficCounts[] seconds) {
            this.start = start;
            this.seconds = seconds;
        }

        boolean covers(long windowStart) {
            return windowStart >= start && windowStart < start + BLOCK_MS;
        }
    }

    private record Second(long second, TrafficCounts counts) {
    }

    private final WindowStore<String, TrafficBlock> store;
    private final Map<String, Held> held = new HashMap<>();

    public TrafficLedger(WindowStore<String, TrafficBlock> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Start of the block that {@code timeMs} falls in. */
    public static long blockOf(long timeMs) {
        return timeMs - Math.floorMod(timeMs, BLOCK_MS);
    }

    /** Adds {@code counts} to the second starting at {@code second}; stored at the next flush of the site. */
    public void add(String site, long second, TrafficCounts counts) {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(counts, "counts");
        long start = blockOf(second);
        int offset = (int) ((second - start) / 1000);
        Held h = held.get(site);
        if (h != null && start < h.start) {
            TrafficCounts[] block = load(site, start);
            block[offset] = plus(block[offset], counts);
            store.put(site, new TrafficBlock(block), start);
            return;
        }
        if (h == null || start > h.start) {
            if (h != null) {
                write(site, h);
            }
            // the first block of a site since init may be stored already; a later one cannot be
            h = new Held(start, h == null ? load(site, start) : new TrafficCounts[BLOCK_SECONDS]);
            held.put(site, h);
        }
        h.seconds[offset] = plus(h.seconds[offset], counts);
        h.dirty = true;
    }

    /** Writes the site's held block if it changed since it was last written. */
    public void flush(String site) {
        Held h = held.get(site);
        if (h != null) {
            write(site, h);
        }
    }

    /** The counters of the seconds that start within [from, to] and had requests, in time order. */
    public void forEach(String site, long from, long to, SecondVisitor visitor) {
        Held h = held.get(site);
        List<Second> seconds = new ArrayList<>();
        boolean ordered = true;
        long last = Long.MIN_VALUE;
        try (WindowStoreIterator<TrafficBlock> it = store.fetch(site, blockOf(from), to)) {
            while (it.hasNext()) {
                KeyValue<Long, TrafficBlock> kv = it.next();
                if (h != null && h.covers(kv.key)) {
                    continue;
                }
                for (int i = 0; i < kv.value.span(); i++) {
                    long s = kv.key + i * 1000L;
                    TrafficCounts c = kv.value.second(i);
                    if (c != null && s >= from && s <= to) {
                        ordered &= s > last;
                        last = s;
                        seconds.add(new Second(s, c));
                    }
                }
            }
        }
        if (h != null) {
            for (int i = 0; i < BLOCK_SECONDS; i++) {
                long s = h.start + i * 1000L;
                TrafficCounts c = h.seconds[i];
                if (c != null && s >= from && s <= to) {
                    ordered &= s > last;
                    last = s;
                    seconds.add(new Second(s, c));
                }
            }
        }
        if (!ordered) {
            // single-second records from before blocks, not yet merged into theirs
            seconds.sort(Comparator.comparingLong(Second::second));
        }
        for (Second s : seconds) {
            visitor.visit(s.second(), s.counts());
        }
    }

    /** The sum of the counters of the seconds that start within [from, to]. */
    public TrafficCounts sum(String site, long from, long to) {
        TrafficCounts[] sum = {TrafficCounts.ZERO};
        forEach(site, from, to, (second, counts) -> sum[0] = sum[0].plus(counts));
        return sum[0];
    }

    /** Forgets the held blocks (written or not): for init, when the store is all there is to trust. */
    public void clear() {
        held.clear();
    }

    int heldSites() {
        return held.size();
    }

    private void write(String site, Held h) {
        if (h.dirty) {
            store.put(site, new TrafficBlock(h.seconds), h.start);
            h.dirty = false;
        }
    }

    /**
     * Everything stored for the block at {@code start}. Single-second records in it are merged and deleted,
     * so the caller must write the block (it does: a second is added to it at once).
     */
    private TrafficCounts[] load(String site, long start) {
        TrafficCounts[] block = new TrafficCounts[BLOCK_SECONDS];
        List<Long> merged = null;
        try (WindowStoreIterator<TrafficBlock> it = store.fetch(site, start, start + BLOCK_MS - 1)) {
            while (it.hasNext()) {
                KeyValue<Long, TrafficBlock> kv = it.next();
                for (int i = 0; i < kv.value.span(); i++) {
                    int offset = (int) ((kv.key + i * 1000L - start) / 1000);
                    if (offset < BLOCK_SECONDS) {
                        block[offset] = plus(block[offset], kv.value.second(i));
                    }
                }
                if (kv.key != start) {
                    (merged == null ? merged = new ArrayList<>() : merged).add(kv.key);
                }
            }
        }
        if (merged != null) {
            for (long windowStart : merged) {
                store.put(site, null, windowStart);
            }
        }
        return block;
    }

    private static TrafficCounts plus(TrafficCounts a, TrafficCounts b) {
        return a == null ? b : b == null ? a : a.plus(b);
    }
}
