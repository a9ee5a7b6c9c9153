package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PairedRatiosTest {

    @Test
    void medianAndSpreadAreNearestRankOverEveryPair() {
        double[] ratios = {3.0, 0.5, 1.0, 1.5, 2.0, 1.2, 0.9, 1.1, 1.4, 10.0};
        PairedRatios r = PairedRatios.of(ratios, ratios.length);
        assertThat(r.pairs()).isEqualTo(10);
        assertThat(r.median()).isEqualTo(1.2);
        assertThat(r.low()).isEqualTo(0.5);
        assertThat(r.high()).isEqualTo(3.0);
        assertThat(r.atMost1_5()).as("1.5 itself is met").isEqualTo(7);
    }

    @Test
    void onlyTheCountedPrefixIsSummarised() {
        double[] ratios = {2.0, 1.0, 4.0, 0.0, 0.0, 0.0};
        PairedRatios r = PairedRatios.of(ratios, 3);
        assertThat(r.pairs()).isEqualTo(3);
        assertThat(r.median()).isEqualTo(2.0);
        assertThat(r.low()).isEqualTo(1.0);
        assertThat(r.high()).isEqualTo(4.0);
        assertThat(PairedRatios.of(new double[0], 0)).isEqualTo(new PairedRatios(0, 0, 0, 0, 0));
    }

    /**
     * Four slice pairs of 10,000 commands each: the engine twice the floor in every pair but one, where a stall of the
     * host hit the floor (its p99.99 far above the engine's). The pooled p99.99 is decided by that one stall; the
     * median of the pairs' ratios is the engine's 2x.
     */
    @Test
    void onePairsStallMovesThePooledRatioButNotThePairedMedian() {
        int slice = 10_000;
        long[] engine = new long[4 * slice];
        long[] floor = new long[4 * slice];
        for (int i = 0; i < engine.length; i++) {
            floor[i] = 100 + i % 100;
            engine[i] = 2 * floor[i];
        }
        Arrays.fill(floor, 2 * slice, 2 * slice + 50, 1_000_000); // the floor's stall: 50 commands late by 1 ms
        StallTally tally = new StallTally(TimeUnit.SECONDS.toNanos(10), i -> "c");
        tally.add(SlicedWindow.recorded(engine, floor, slice, 1_000_000, TimeUnit.MILLISECONDS.toNanos(50)));
        PacedStalls stalls = tally.result();
        assertThat(stalls.pairedP9999().pairs()).isEqualTo(4);
        assertThat(stalls.pairedP9999().median()).isCloseTo(2.0, within(0.01));
        assertThat(stalls.pairedP9999().low()).as("the stalled pair").isLessThan(0.001);
        assertThat(stalls.pairedP9999().atMost1_5()).isEqualTo(1);
        assertThat(stalls.pairedP99().median()).isCloseTo(2.0, within(0.01));
        assertThat(stalls.floorStalls()).isEqualTo(1);
        assertThat(stalls.quietPairs()).isEqualTo(3);
    }

    /**
     * Four slice pairs: in two the floor's p99 is on time (a clock read) and the engine's 3x that; in two the host's
     * pauses left 2% of each side's commands late (the floor's p99 behind a backlog) and the engine's backlog a
     * little longer. The p99 ratios are reported apart by where the floor's p99 fell.
     */
    @Test
    void theP99RatioIsSplitByWhetherTheFloorsOwnP99WasOnTime() {
        int slice = 10_000;
        long[] engine = new long[4 * slice];
        long[] floor = new long[4 * slice];
        for (int i = 0; i < engine.length; i++) {
            floor[i] = 100;
            engine[i] = 300;
        }
        for (int k = 2; k < 4; k++) {
            Arrays.fill(floor, k * slice, k * slice + 200, 10_000);
            Arrays.fill(engine, k * slice, k * slice + 250, 12_000);
        }
        StallTally tally = new StallTally(TimeUnit.SECONDS.toNanos(10), i -> "c");
        tally.add(SlicedWindow.recorded(engine, floor, slice, 1_000_000, TimeUnit.MILLISECONDS.toNanos(50)));
        PacedStalls stalls = tally.result();
        assertThat(stalls.pairedP99().pairs()).isEqualTo(4);
        assertThat(stalls.pairedP99FloorOnTime().pairs()).isEqualTo(2);
        assertThat(stalls.pairedP99FloorOnTime().median()).isCloseTo(3.0, within(0.01));
        assertThat(stalls.pairedP99FloorBehind().pairs()).isEqualTo(2);
        assertThat(stalls.pairedP99FloorBehind().median()).isCloseTo(1.2, within(0.01));
    }
}
