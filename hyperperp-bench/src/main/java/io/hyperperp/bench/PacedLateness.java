package io.hyperperp.bench;

/**
 * Where the late commands of a rate-limited run lost their time, engine's and no-op floor's, from {@link SlicedWindow}'s
 * latencies (the iterations the summary counts). A command's latency is the time it waited behind the commands
 * before it (its start minus its due time) plus the time it held the loop itself (its end minus its start: its own
 * service time plus any stall of the host while it ran). With both sides split the same way, a late engine command
 * that only waited was late because of what came before it (a stall of the host, or slower draining of the
 * backlog), one that held the loop long was slow itself.
 *
 * @param lateNanos a command that finished more than this after its due time is late
 * @param longHoldNanos a backlog that began with a command holding the loop at least this long began with a
 *                      stall of the host or a slow command, not with the ordinary work of one command
 * @param engine    the engine's side
 * @param floor     the no-op floor's side
 */
public record PacedLateness(long lateNanos, long longHoldNanos, Side engine, Side floor) {

    /**
     * One side's split.
     *
     * @param commands        commands counted
     * @param onTimeP50       the median time a command that started on time (no backlog ahead of it) held the loop,
     *                        ns: the side's service time under pacing, a clock read and the spin's overshoot included
     * @param onTimeP99       its 99th percentile, ns: what this side's p99 would be with no backlog at all
     * @param onTimeP999      its 99.9th percentile, ns
     * @param late            commands that finished later than {@code lateNanos}
     * @param lateWaitedNanos their waiting behind earlier commands, summed, ns
     * @param lateHeldNanos   their own holds of the loop, summed, ns
     * @param lateBehindLongHold late commands whose backlog began with a hold of at least {@code longHoldNanos}
     */
    public record Side(long commands, long onTimeP50, long onTimeP99, long onTimeP999, long late,
                       long lateWaitedNanos, long lateHeldNanos, long lateBehindLongHold) {

        /** The share of commands that were late. */
        public double lateShare() {
            return commands == 0 ? 0 : (double) late / commands;
        }

        /** The share of the late commands' latency that was waiting. */
        public double waitedShare() {
            long total = lateWaitedNanos + lateHeldNanos;
            return total == 0 ? 0 : (double) lateWaitedNanos / total;
        }

        /** The late commands' mean own hold of the loop, ns. */
        public double lateMeanHeld() {
            return late == 0 ? 0 : (double) lateHeldNanos / late;
        }
    }
}
