package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatenessTallyTest {

    /** 2 M/s: a command is due every 500 ns. */
    private static final long RATE = 2_000_000;
    private static final int SLICE = 1_000;

    /**
     * Latencies of one slice in which every command holds the loop {@code hold} ns, except command {@code at}, which
     * holds it {@code stall} ns: the commands behind it wait and drain the backlog at {@code 500 - hold} ns a command.
     */
    private static long[] slice(long hold, int at, long stall) {
        long[] latencies = new long[SLICE];
        long previousDone = Long.MIN_VALUE;
        for (int i = 0; i < SLICE; i++) {
            long due = i * 500L;
            long start = Math.max(due, previousDone);
            long done = start + (i == at ? stall : hold);
            latencies[i] = done - due;
            previousDone = done;
        }
        return latencies;
    }

    private static PacedLateness tally(long engineHold, long floorHold, long stall) {
        LatenessTally tally = new LatenessTally(TimeUnit.SECONDS.toNanos(10));
        long[] engine = slice(engineHold, 100, stall);
        long[] floor = slice(floorHold, 100, stall);
        tally.add(SlicedWindow.recorded(engine, floor, SLICE, RATE, TimeUnit.MILLISECONDS.toNanos(1)));
        return tally.result();
    }

    @Test
    void theSameStallLeavesMoreCommandsLateBehindTheSideThatDrainsSlower() {
        PacedLateness l = tally(250, 50, 20_000);
        // behind the stall the engine catches up 250 ns a command, the floor 450 ns: from 19.75 µs late, the engine
        // is over 1 µs late for 75 more commands, the floor for 42
        assertThat(l.engine().late()).isEqualTo(1 + 75);
        assertThat(l.floor().late()).isEqualTo(1 + 42);
        assertThat(l.engine().lateBehindLongHold()).isEqualTo(l.engine().late());
        assertThat(l.floor().lateBehindLongHold()).isEqualTo(l.floor().late());
        assertThat(l.engine().waitedShare()).isGreaterThan(0.9);
        assertThat(l.engine().commands()).isEqualTo(SLICE);
    }

    @Test
    void whatCommandsStartedOnTimeHeldIsTheirOwnServiceTime() {
        PacedLateness l = tally(250, 50, 20_000);
        assertThat(l.engine().onTimeP50()).isBetween(249L, 251L);
        assertThat(l.floor().onTimeP50()).isBetween(49L, 51L);
        // the stall is one on-time command in a thousand: above the 99th percentile, at the 99.9th
        assertThat(l.engine().onTimeP99()).isBetween(249L, 251L);
        assertThat(l.engine().onTimeP999()).isGreaterThanOrEqualTo(19_000L);
    }

    @Test
    void aCommandSlowInItselfIsLateByItsOwnHoldNotByWaiting() {
        // a 3 µs command: a backlog, but not one begun by a long hold; it is late by its own hold
        PacedLateness l = tally(100, 50, 3_000);
        assertThat(l.engine().late()).isEqualTo(1 + 4);
        assertThat(l.engine().lateBehindLongHold()).isZero();
        assertThat(l.engine().lateMeanHeld()).isBetween(500.0, 700.0);
        assertThat(l.floor().late()).isEqualTo(1 + 4);
    }
}
