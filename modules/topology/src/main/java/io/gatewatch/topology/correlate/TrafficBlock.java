package io.gatewatch.topology.correlate;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored record of a site's traffic: the {@link TrafficCounts} of consecutive seconds starting at the
 * record's window start, {@code null} for a second without requests. Written as blocks of
 * {@link TrafficLedger#BLOCK_SECONDS} seconds, one record per site and block, because most sites serve a
 * request or two a second and a record per second was a store write and a changelog record per line;
 * records of one second each (the layout before blocks) are read as blocks of one.
 */
public final class TrafficBlock {

    private final TrafficCounts[] seconds;

    TrafficBlock(TrafficCounts[] seconds) {
        this.seconds = Objects.requireNonNull(seconds, "seconds");
    }

    /** A record holding a single second, as one-second windows were stored before blocks. */
    public static TrafficBlock single(TrafficCounts counts) {
        return new TrafficBlock(new TrafficCounts[] {Objects.requireNonNull(counts, "counts")});
    }

    /** How many seconds from the window start this record covers. */
    public int span() {
        return seconds.length;
    }

    /** Counts of the {@code offset}-th second after the window start, or null if it had no requests. */
    public TrafficCounts second(int offset) {
        return seconds[offset];
    }

    TrafficCounts[] seconds() {
        return seconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficBlock b && Arrays.equals(seconds, b.seconds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seconds);
    }

    @Override
    public String toString() {
        return "TrafficBlock" + Arrays.toString(seconds);
    }
}
