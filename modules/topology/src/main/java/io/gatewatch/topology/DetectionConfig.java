package io.gatewatch.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * When a burst of gateway errors becomes an incident, and when it is over.
 *
 * @param window        sliding window over which errors and requests are counted
 * @param minErrors     errors (502 or 504) within the window needed to open an incident
 * @param minShare      share of requests within the window that must be errors (0..1)
 * @param lookback      how far before the onset evidence is searched
 * @param quietPeriod   an incident resolves after this long without errors above the thresholds
 * @param holdPeriod    a recurrence within this time after resolution re-opens the same incident
 * @param silentTimeout wall-clock time after which an incident of a site that sent nothing resolves
 * @param grace         how late (event time) a record may arrive and still count
 */
public record DetectionConfig(Duration window, int minErrors, double minShare, Duration lookback,
                              Duration quietPeriod, Duration holdPeriod, Duration silentTimeout,
                              Duration grace) {

    public DetectionConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(holdPeriod, "holdPeriod");
        Objects.requireNonNull(silentTimeout, "silentTimeout");
        Objects.requireNonNull(grace, "grace");
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("detection.window must be at least 1s, got " + window);
        }
        if (minErrors < 1) {
            throw new IllegalArgumentException("detection.min.errors must be at least 1, got " + minErrors);
        }
        if (!(minShare >= 0.0 && minShare <= 1.0)) {
            throw new IllegalArgumentException("detection.min.share must be within 0..1, got " + minShare);
        }
    }

    public static DetectionConfig defaults() {
        return new DetectionConfig(Duration.ofSeconds(10), 5, 0.2, Duration.ofMinutes(2), Duration.ofMinutes(2),
                Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(2));
    }
}
