package io.hyperperp.cli;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/** Counts what a replay's summary reports: events, rejects by reason, fills and traded size per market. */
public final class ReplayStats implements EngineEventHandler {

    private final Map<String, Long> rejectsByReason = new TreeMap<>();
    private final Map<Long, BigInteger> tradedSizeByMarket = new TreeMap<>();
    private long events;
    private long engineRejects;
    private long parseErrors;
    private long fills;
    private long lastSequence;

    /** Counts a line that could not be parsed, under its parse error code. */
    public void parseError(String code) {
        parseErrors++;
        rejectsByReason.merge(code, 1L, Long::sum);
    }

    /** Events seen. */
    public long events() {
        return events;
    }

    /** Commands the engine rejected. */
    public long engineRejects() {
        return engineRejects;
    }

    /** Lines that could not be parsed. */
    public long parseErrors() {
        return parseErrors;
    }

    /** Fills (trades). */
    public long fills() {
        return fills;
    }

    /** Sequence number of the last event, 0 if none. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Reject counts by engine reason or parse error code, sorted by code. */
    public Map<String, Long> rejectsByReason() {
        return rejectsByReason;
    }

    /** Traded size per market id (scaled), sorted by id; markets without fills are absent. */
    public Map<Long, BigInteger> tradedSizeByMarket() {
        return tradedSizeByMarket;
    }

    private void event(long sequence) {
        events++;
        lastSequence = sequence;
    }

    @Override
    public void orderAccepted(long sequence, long timestamp, OrderView order) {
        event(sequence);
    }

    @Override
    public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
        event(sequence);
        engineRejects++;
        rejectsByReason.merge(reason.name(), 1L, Long::sum);
    }

    @Override
    public void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker, OrderView maker,
                     long price, long size, long takerFee, long makerFee) {
        event(sequence);
        fills++;
        // Every fill fits in a long, but a long log's total may not.
        tradedSizeByMarket.merge(marketId, BigInteger.valueOf(size), BigInteger::add);
    }

    @Override
    public void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason) {
        event(sequence);
    }

    @Override
    public void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice,
                             long previousOpenSize) {
        event(sequence);
    }

    @Override
    public void orderFilled(long sequence, long timestamp, OrderView order) {
        event(sequence);
    }

    @Override
    public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                             int orderCount) {
        event(sequence);
    }

    @Override
    public void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) {
        event(sequence);
    }

    @Override
    public void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     long referencePrice) {
        event(sequence);
    }

    @Override
    public void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     CancelReason reason) {
        event(sequence);
    }

    @Override
    public void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                   ConditionalOrderSnapshot previous) {
        event(sequence);
    }

    @Override
    public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
        event(sequence);
    }
}
