package io.gatewatch.bench.load;

/**
 * The part of a throughput phase its rate is measured over. Kafka Streams processes from its first fetch,
 * through the start-up rebalances, before it reports RUNNING, so the steady rate is the input committed after
 * the first look at the application once it reported RUNNING, over the time from that look to the end. When
 * the application was done before such a look, the rate is that of the whole input from the first fetch.
 *
 * @param startNanos   System.nanoTime the window starts
 * @param share        share of the input processed in the window
 * @param afterRunning whether the window is the part after RUNNING
 */
record RateWindow(long startNanos, double share, boolean afterRunning) {

    /**
     * @param firstFetchNanos   when the first records were fetched (or the phase started, if that was not seen)
     * @param steadyNanos       when the application was first seen RUNNING; null if it never was
     * @param committedAtSteady input offsets committed by then
     * @param inputOffsets      input offsets the phase processes in all
     */
    static RateWindow of(long firstFetchNanos, Long steadyNanos, long committedAtSteady, long inputOffsets) {
        if (steadyNanos != null && inputOffsets > 0 && committedAtSteady < inputOffsets) {
            return new RateWindow(steadyNanos, (inputOffsets - Math.max(0, committedAtSteady)) / (double) inputOffsets,
                    true);
        }
        return new RateWindow(firstFetchNanos, 1, false);
    }

    /** Seconds from the window's start to {@code doneNanos}. */
    double windowSeconds(long doneNanos) {
        return (doneNanos - startNanos) / 1e9;
    }

    /** Seconds the whole input would take at the window's rate. */
    double inputSeconds(long doneNanos) {
        return windowSeconds(doneNanos) / share;
    }

    /** Scales a quantity measured over the window (CPU) to the whole input. */
    double toWholeInput(double inWindow) {
        return inWindow / share;
    }
}
