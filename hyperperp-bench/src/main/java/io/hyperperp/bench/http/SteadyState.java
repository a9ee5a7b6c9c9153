package io.hyperperp.bench.http;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Brings the targets of {@link HttpCpuBench}'s CPU rounds to their steady state before the rounds: every target
 * (the floor and each server alike) first takes {@code --fill} requests flat out, then runs unmeasured rounds of
 * exactly the measured rounds' shape until, in one of them, the JIT compiler took at most {@link #SETTLED_JIT_SHARE}
 * of every target's CPU.
 *
 * <p>Why the rounds' shape and not a longer warm-up (session 15, the deoptimization log of both processes): after a
 * warm-up of one long run, the uncommon traps that fired in the measured rounds were nearly all on paths that only a
 * round's boundaries take: each run opens its connections afresh after the target sat idle while the others ran,
 * and closes them at its end. The JDK server's dispatcher loop (accepting a connection: {@code key.equals(listenerKey)}),
 * its exchange's first request on a new connection ({@code ServerImpl$Exchange.run}, whose recompilation then
 * recompiles the whole request reader) and the channel's registration and cancellation were compiled from a profile
 * in which the warm-up's few connections, opened while that code was still interpreted, did not appear; so the
 * first round trapped and recompiled them, in the floor and the servers alike, and the dispatcher's loop trapped again
 * in the next rounds until its per-bytecode trap limit was spent. A warm-up of the same shape as the rounds takes
 * those paths as the rounds do; the fill takes a server past its in-memory bounds (the history's 100,000 orders and
 * trades, the settlement store's fills), whose first evictions are first-time paths of their own.
 */
final class SteadyState {

    /** The JIT compiler's share of a target's CPU in a pass or round at or below which it has settled. */
    static final double SETTLED_JIT_SHARE = 0.05;

    private final PrintStream out;

    SteadyState(PrintStream out) {
        this.out = out;
    }

    /**
     * Flat-out runs of {@code warmupBodies} until {@code t} has taken {@code fill} requests in all, counting the
     * {@code taken} it had before. A server in memory keeps the latest 100,000 orders and trades
     * ({@code server.history_orders}, {@code server.history_trades}) and settled batches of about as many fills; the
     * first time each bound is reached the server takes a path it never took before (a trade forgotten, a batch's
     * trades dropped from the settlement store's index, whose hash map then rehashes out its removed entries), and each
     * such branch's uncommon trap sends compiled code back to the interpreter to be compiled again.
     */
    void fill(BenchTarget t, String path, List<byte[]> warmupBodies, int connections, long taken, long fill)
            throws Exception {
        int runs = 0;
        while (taken < fill) {
            HttpLoad.run(t.server().base(), path, warmupBodies, connections, 0, t.resultsPerAnswer());
            taken += warmupBodies.size();
            runs++;
        }
        if (runs > 0) {
            out.printf(Locale.ROOT, "  %s filled: %,d requests taken before the rounds (%d more warm-up runs)%n",
                    t.server().name(), taken, runs);
        }
    }

    /**
     * Unmeasured rounds of the measured rounds' shape (each target in turn, a run of {@code measured} on new
     * connections while the others idle), at most {@code maxRounds}, until one in which the JIT compiler took at most
     * {@link #SETTLED_JIT_SHARE} of every target's CPU. Prints each round's shares; returns whether it settled.
     */
    boolean settleRounds(List<BenchTarget> targets, String path, List<byte[]> measured, int connections,
                         int maxRounds) throws Exception {
        for (int round = 1; round <= maxRounds; round++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "  settling round %d (JIT share of each target's CPU, CPU per request):", round));
            boolean settled = true;
            for (BenchTarget t : targets) {
                MeasuredRun m = MeasuredRun.of(t, path, measured, connections, 0);
                settled &= m.jitShare() <= SETTLED_JIT_SHARE;
                line.append(String.format(Locale.ROOT, " %s %.1f%% %.1f us,", t.server().name(), 100 * m.jitShare(),
                        m.cpuPerOrderNanos(1) / 1e3));
            }
            if (settled) {
                out.println(line.append(" settled"));
                return true;
            }
            out.println(line);
        }
        out.printf(Locale.ROOT, "  not settled within %d rounds%n", maxRounds);
        return false;
    }
}
