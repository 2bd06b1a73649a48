package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theRateIsThatOfTheInputCommittedAfterRunning() {
        // 1,000 offsets; 400 committed when RUNNING was first seen at 2 s; done at 5 s
        RateWindow w = RateWindow.of(0, 2 * SECOND, 400, 1000);

        assertThat(w.afterRunning()).isTrue();
        assertThat(w.share()).isEqualTo(0.6, within(1e-9));
        assertThat(w.windowSeconds(5 * SECOND)).isEqualTo(3.0, within(1e-9));
        // 600 offsets in 3 s: the whole input would take 5 s at that rate
        assertThat(w.inputSeconds(5 * SECOND)).isEqualTo(5.0, within(1e-9));
        assertThat(w.toWholeInput(1.2)).isEqualTo(2.0, within(1e-9));
    }

    @Test
    void withoutALookAfterRunningWithWorkLeftTheWholeInputCountsFromTheFirstFetch() {
        for (RateWindow w : new RateWindow[] {
            RateWindow.of(SECOND, null, 0, 1000),        // never seen RUNNING
            RateWindow.of(SECOND, 3 * SECOND, 1000, 1000), // everything committed by then
            RateWindow.of(SECOND, 3 * SECOND, 0, 0)}) {    // no input
            assertThat(w.afterRunning()).isFalse();
            assertThat(w.share()).isEqualTo(1.0);
            assertThat(w.inputSeconds(5 * SECOND)).isEqualTo(4.0, within(1e-9));
            assertThat(w.toWholeInput(1.5)).isEqualTo(1.5);
        }
    }
}
