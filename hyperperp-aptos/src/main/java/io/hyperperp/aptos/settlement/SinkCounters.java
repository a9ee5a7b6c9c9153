package io.hyperperp.aptos.settlement;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link AptosSettlementSink#stats()}; thread-safe. */
final class SinkCounters {

    final LongAdder transactions = new LongAdder();
    final LongAdder resends = new LongAdder();
    final LongAdder committed = new LongAdder();
    final LongAdder confirmedFills = new LongAdder();
    final LongAdder aborted = new LongAdder();
    final LongAdder rebuilt = new LongAdder();
    final LongAdder expired = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlightSeen = new AtomicInteger();
    private final LongAdder depthSum = new LongAdder();
    private final LongAdder depthSamples = new LongAdder();

    /** A transaction goes in flight: samples the depth it sees. Pair with {@link #leaveFlight()}. */
    void enterFlight() {
        int depth = inFlight.incrementAndGet();
        maxInFlightSeen.accumulateAndGet(depth, Math::max);
        depthSum.add(depth);
        depthSamples.increment();
    }

    void leaveFlight() {
        inFlight.decrementAndGet();
    }

    AptosSettlementSink.Stats stats() {
        long samples = depthSamples.sum();
        return new AptosSettlementSink.Stats(transactions.sum(), resends.sum(), committed.sum(), confirmedFills.sum(),
                aborted.sum(), rebuilt.sum(), expired.sum(), maxInFlightSeen.get(),
                samples == 0 ? 0 : (double) depthSum.sum() / samples);
    }
}
