package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyHarnessTest {

    @Test
    void measuresFlatOut() {
        MixedWorkload w = MixedWorkload.generate(1, 20_000);
        BenchResult r = new LatencyHarness(MixedWorkload.registry(), new HarnessOptions(2, 0))
                .run(w.warmup(), w.measured());
        assertThat(r.iterations()).hasSize(2);
        assertThat(r.iterations().get(0).checksum()).isEqualTo(r.iterations().get(1).checksum());
        assertThat(r.iterations()).allSatisfy(it -> assertThat(it.rejects()).isZero());
        assertThat(r.samples()).isEqualTo(20_000);
        assertThat(r.throughput()).isPositive();
        assertThat(r.p50()).isPositive().isLessThanOrEqualTo(r.p99());
        assertThat(r.p99()).isLessThanOrEqualTo(r.p999());
        assertThat(r.p9999()).isLessThanOrEqualTo(r.max());
        assertThat(r.floor()).as("no floor flat out").isNull();
    }

    @Test
    void pacedRunKeepsToTheOfferedRate() {
        MixedWorkload w = MixedWorkload.generate(1, 10_000);
        BenchResult r = new LatencyHarness(MixedWorkload.registry(), new HarnessOptions(1, 200_000))
                .run(w.warmup(), w.measured());
        // 10,000 commands at 200k/s take at least 50 ms.
        assertThat(r.iterations().get(0).elapsedNanos()).isGreaterThanOrEqualTo(49_000_000L);
        assertThat(r.throughput()).isLessThan(210_000);
        assertThat(r.targetRate()).isEqualTo(200_000);
    }

    @Test
    void pacedRunMeasuresTheNoOpFloorOnTheSameSchedule() {
        MixedWorkload w = MixedWorkload.generate(1, 10_000);
        BenchResult r = new LatencyHarness(MixedWorkload.registry(), new HarnessOptions(2, 200_000))
                .run(w.warmup(), w.measured());
        PacedFloor floor = r.floor();
        assertThat(floor).isNotNull();
        // iteration 1 is warm-up for both: the floor summarises the same iterations as the engine
        assertThat(floor.samples()).isEqualTo(r.samples()).isEqualTo(10_000);
        assertThat(floor.p50()).isPositive().isLessThanOrEqualTo(floor.p99());
        assertThat(floor.p99()).isLessThanOrEqualTo(floor.p999());
        assertThat(floor.p9999()).isLessThanOrEqualTo(floor.max());
        assertThat(floor.gcCount()).isNotNegative();
        // 10,000 commands at 200k/s in slices of 20 ms: 3 slices of 4,000 (the last shorter) per counted iteration
        PacedStalls stalls = r.stalls();
        assertThat(stalls.sliceCommands()).isEqualTo(4_000);
        assertThat(stalls.slicePairs()).isEqualTo(3);
        assertThat(stalls.quietPairs()).isBetween(0L, 3L);
        assertThat(stalls.engineLongest()).isPositive();
        assertThat(stalls.floorLongest()).isPositive();
        assertThat(stalls.repeatedSlow()).as("one counted iteration cannot show a repeat").isZero();
        assertThat(stalls.pairedP9999().pairs()).isEqualTo(3);
        assertThat(stalls.pairedP9999().low()).isPositive().isLessThanOrEqualTo(stalls.pairedP9999().median());
        assertThat(stalls.pairedP9999().median()).isLessThanOrEqualTo(stalls.pairedP9999().high());
        assertThat(floor.jitMillis()).isNotNegative();
        assertThat(r.pinning()).isNull();
    }

    @Test
    void flatOutHasNoStallReport() {
        MixedWorkload w = MixedWorkload.generate(1, 1_000);
        assertThat(new LatencyHarness(MixedWorkload.registry(), new HarnessOptions(1, 0)).run(w.warmup(), w.measured())
                .stalls()).isNull();
    }

    @Test
    void sliceLengthIsChecked() {
        assertThatThrownBy(() -> new HarnessOptions(1, 1_000, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new HarnessOptions(1, 2_000_000, 20).sliceCommands()).isEqualTo(40_000);
        assertThat(new HarnessOptions(1, 10, 20).sliceCommands()).isEqualTo(1);
    }

    @Test
    void pinningIsChecked() {
        assertThatThrownBy(() -> new HarnessOptions(1, 1_000, 20, -2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HarnessOptions(1, 1_000, 20, HarnessOptions.UNPINNED, -20))
                .as("a nice level only for a pinned thread").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HarnessOptions(1, 1_000, 20, 1, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HarnessOptions(1, 1_000, 20).pinnedCpu()).isEqualTo(HarnessOptions.UNPINNED);
    }
}
