package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PacedSidesTest {

    private static final long RATE = 100_000;
    private static final long SLOW_NANOS = TimeUnit.MICROSECONDS.toNanos(300);

    @Test
    void everySideProcessesEveryCommandOnceInOrderWithTheTurnsRotating() {
        List<Integer> calls = new ArrayList<>();
        List<List<Integer>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<IntConsumer> sides = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int side = s;
            sides.add(i -> {
                seen.get(side).add(i);
                if (calls.isEmpty() || calls.get(calls.size() - 1) != side) {
                    calls.add(side);
                }
            });
        }
        PacedSides w = PacedSides.run(sides, 25, RATE, 10);
        for (List<Integer> commands : seen) {
            assertThat(commands).containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
        }
        // three slices (10, 10, 5 commands), each played by every side in turn: 0 1 2, then 1 2 0, then 2 0 1
        assertThat(calls).containsExactly(0, 1, 2, 1, 2, 0, 2, 0, 1);
        assertThat(w.slices()).isEqualTo(3);
        assertThat(w.commands()).isEqualTo(25);
    }

    @Test
    void aSlowCommandIsChargedToTheCommandsBehindItOnItsOwnSideAndTheTallySplitsOnTimeFromLate() {
        int slow = 5;
        IntConsumer slowSide = i -> {
            if (i == slow) {
                long until = System.nanoTime() + SLOW_NANOS;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        };
        PacedSides w = PacedSides.run(List.of(i -> { }, slowSide), 2_000, RATE, 100);
        assertThat(w.held(1, slow)).isGreaterThanOrEqualTo(SLOW_NANOS);
        // due 10 µs after the slow one, the next command waited for it; its own hold was short
        assertThat(w.latencies(1)[slow + 1]).isGreaterThanOrEqualTo(SLOW_NANOS - 2 * 10_000);
        assertThat(w.held(1, slow + 1)).isLessThan(SLOW_NANOS);
        assertThat(Arrays.stream(w.latencies(0)).min().orElseThrow()).isNotNegative();

        PacedSidesTally tally = new PacedSidesTally(List.of("floor", "slow"), TimeUnit.SECONDS.toNanos(10));
        tally.add(w);
        List<PacedSideSummary> result = tally.result();
        PacedSideSummary slowSummary = result.get(1);
        assertThat(slowSummary.commands()).isEqualTo(2_000);
        // at least the slow command and the ~29 due while it ran were late; the slow one started on time
        assertThat(slowSummary.late()).isGreaterThanOrEqualTo(25);
        assertThat(slowSummary.onTime()).isLessThanOrEqualTo(2_000 - 25);
        assertThat(slowSummary.max()).isGreaterThanOrEqualTo(SLOW_NANOS);
        assertThat(slowSummary.p99Ratio().pairs()).isEqualTo(20);
        assertThat(result.get(0).p99Ratio().pairs()).isZero();
    }
}
