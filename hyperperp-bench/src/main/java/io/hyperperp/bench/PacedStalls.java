package io.hyperperp.bench;

import java.util.List;

/**
 * What held the paced loops of a rate-limited run for long, engine's and no-op floor's, from {@link SlicedWindow}'s
 * interleaved slices (the iterations the summary counts): the stalls that decide a p99.99, which side they hit, the
 * percentiles over the slice pairs that neither hit, and the engine's own slow commands.
 *
 * @param sliceCommands   commands per slice
 * @param slicePairs      slices played by both sides
 * @param stallNanos      a command that held its loop longer than this is a stall
 * @param engineStalls    the engine's commands that held its loop longer than {@code stallNanos}
 * @param engineLongest   the longest any engine command held its loop, ns
 * @param floorStalls     the no-op's commands that held its loop longer than {@code stallNanos} (all the host's)
 * @param floorLongest    the longest any no-op command held its loop, ns
 * @param quietPairs      slice pairs with no stall on either side
 * @param engineQuietP99  the engine's p99 over the quiet pairs, ns
 * @param engineQuietP9999 the engine's p99.99 over the quiet pairs, ns
 * @param floorQuietP99   the floor's p99 over the quiet pairs, ns
 * @param floorQuietP9999 the floor's p99.99 over the quiet pairs, ns
 * @param slowNanos       an engine command holding its loop longer than this in every counted iteration is slow
 * @param repeatedSlow    how many engine commands were slow in every counted iteration (0 with one iteration)
 * @param slowest         the longest of those, at most five, longest first
 * @param pairedP99       engine / floor p99, slice pair by slice pair (every pair, stalls included)
 * @param pairedP9999     engine / floor p99.99, slice pair by slice pair (every pair, stalls included)
 * @param pairedP99FloorOnTime engine / floor p99 over the pairs whose floor p99 was on time (at most 1 µs late): the
 *                        engine's slowest commands against a clock read
 * @param pairedP99FloorBehind engine / floor p99 over the pairs whose floor p99 was behind a backlog (over 1 µs late):
 *                        how fast each side works off the host's pauses, which follows the engine's mean cost per
 *                        command, not its tail
 * @param lateness        the late commands' latency split into waiting and their own hold, by side
 */
public record PacedStalls(int sliceCommands, long slicePairs, long stallNanos, long engineStalls, long engineLongest,
                          long floorStalls, long floorLongest, long quietPairs, long engineQuietP99,
                          long engineQuietP9999, long floorQuietP99, long floorQuietP9999, long slowNanos,
                          long repeatedSlow, List<SlowCommand> slowest, PairedRatios pairedP99,
                          PairedRatios pairedP9999, PairedRatios pairedP99FloorOnTime,
                          PairedRatios pairedP99FloorBehind, PacedLateness lateness) {

    /** Copies the list. */
    public PacedStalls {
        slowest = List.copyOf(slowest);
    }

    /**
     * An engine command slow in every counted iteration: the engine's own, not the host's.
     *
     * @param index    its position in the measured commands
     * @param kind     what command it is
     * @param shortest the shortest it held the loop in any iteration, ns
     * @param longest  the longest, ns
     */
    public record SlowCommand(int index, String kind, long shortest, long longest) {
    }
}
