package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SlicedWindowTest {

    private static final long RATE = 100_000;
    private static final long SLOW_NANOS = TimeUnit.MICROSECONDS.toNanos(300);

    /** An engine that holds the loop for 300 µs on its {@code index}th command, and does nothing else. */
    private static Consumer<FlatCommand> slowAt(int index) {
        int[] calls = new int[1];
        return command -> {
            if (calls[0]++ == index) {
                long until = System.nanoTime() + SLOW_NANOS;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        };
    }

    private static CommandStream commands(int count) {
        MixedWorkload w = MixedWorkload.generate(1, count);
        return CommandStream.of(w.measured(), new CommandIntake());
    }

    @Test
    void aSlowCommandIsChargedToEveryCommandBehindItInItsSliceOnly() {
        CommandStream timed = commands(2_000);
        int slow = 5;
        SlicedWindow w = SlicedWindow.run(slowAt(slow), command -> { }, timed, RATE, 100);
        assertThat(w.slices()).isEqualTo(20);
        assertThat(w.engineHeld(slow)).isGreaterThanOrEqualTo(SLOW_NANOS);
        // the next command was due 10 µs later and waited for the slow one: latency from its due time
        assertThat(w.engine()[slow + 1]).isGreaterThanOrEqualTo(SLOW_NANOS - 2 * 10_000);
        // while it held the loop, the command behind it held it for its own time only
        assertThat(w.engineHeld(slow + 1)).isLessThan(SLOW_NANOS);
        assertThat(w.engineNanos()).isGreaterThanOrEqualTo(2_000 * 1_000_000_000L / RATE - 20 * 10_000);
        assertThat(Arrays.stream(w.floor()).min().orElseThrow()).isNotNegative();
        assertThat(w.floor()).hasSize(2_000);
    }

    /** An engine that holds the loop for 300 µs on every 10th command. */
    private static Consumer<FlatCommand> slowEveryTenth() {
        int[] calls = new int[1];
        return command -> {
            if (calls[0]++ % 10 == 0) {
                long until = System.nanoTime() + SLOW_NANOS;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        };
    }

    @Test
    void aWindowPlayedAgainKeepsNothingOfTheLastPlay() {
        CommandStream timed = commands(1_000);
        SlicedWindow w = SlicedWindow.forCommands(timed.size(), 100, RATE);
        w.play(slowEveryTenth(), command -> { }, timed);
        assertThat(w.engineHeld(5 * 10)).isGreaterThanOrEqualTo(SLOW_NANOS);
        assertThat(w.engineNanos()).as("100 holds of 300 µs").isGreaterThanOrEqualTo(100 * SLOW_NANOS);
        long start = System.nanoTime();
        assertThat(w.play(command -> { }, command -> { }, timed)).isSameAs(w);
        long secondPlay = System.nanoTime() - start;
        assertThat(w.engineHeld(5 * 10)).isLessThan(SLOW_NANOS);
        // the engine's slices of the second play only (the first play's 30 ms of holds would not fit in its time)
        assertThat(w.engineNanos()).isLessThanOrEqualTo(secondPlay);
        assertThatThrownBy(() -> w.play(command -> { }, command -> { }, commands(1_100)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEnginesOwnSlowCommandIsNamedWhenItRecursInEveryIteration() {
        CommandStream timed = commands(1_000);
        int slow = 700;
        StallTally tally = new StallTally(TimeUnit.SECONDS.toNanos(10), i -> "command " + i);
        for (int iteration = 0; iteration < 2; iteration++) {
            tally.add(SlicedWindow.run(slowAt(slow), command -> { }, timed, RATE, 250));
        }
        PacedStalls stalls = tally.result();
        assertThat(stalls.slicePairs()).isEqualTo(8);
        assertThat(stalls.sliceCommands()).isEqualTo(250);
        assertThat(stalls.engineStalls()).isGreaterThanOrEqualTo(2);
        assertThat(stalls.engineLongest()).isGreaterThanOrEqualTo(SLOW_NANOS);
        assertThat(stalls.slowest()).anySatisfy(c -> {
            assertThat(c.index()).isEqualTo(slow);
            assertThat(c.kind()).isEqualTo("command " + slow);
            assertThat(c.shortest()).isGreaterThanOrEqualTo(SLOW_NANOS);
        });
        // the slice pair holding the slow command is never a quiet one
        assertThat(stalls.quietPairs()).isLessThanOrEqualTo(stalls.slicePairs() - 1);
    }
}
