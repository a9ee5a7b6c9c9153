package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
    }
}
