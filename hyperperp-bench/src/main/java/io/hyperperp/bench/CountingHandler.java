package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.risk.RiskEvent;

/**
 * An allocation-free handler that only counts: events, rejects, fills and traded size, and folds
 * every sequence number into a checksum so that the JIT cannot drop the engine's work.
 */
public final class CountingHandler implements EngineEventHandler {

    private long events;
    private long accepted;
    private long rejected;
    private long fills;
    private long tradedSize;
    private long cancelled;
    private long amended;
    private long levelChanges;
    private long liquidations;
    private long checksum;

    private void count(long sequence) {
        events++;
        checksum = checksum * 31 + sequence;
    }

    @Override
    public void orderAccepted(long sequence, long timestamp, OrderView order) {
        count(sequence);
        accepted++;
    }

    @Override
    public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
        count(sequence);
        rejected++;
    }

    @Override
    public void flatCommandRejected(long sequence, long timestamp, FlatCommand command, RejectReason reason) {
        count(sequence); // counted like any rejection, without building the command's record
        rejected++;
    }

    @Override
    public void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker, OrderView maker,
                     long price, long size, long takerFee, long makerFee) {
        count(sequence);
        fills++;
        tradedSize += size;
    }

    @Override
    public void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason) {
        count(sequence);
        cancelled++;
    }

    @Override
    public void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice,
                             long previousOpenSize) {
        count(sequence);
        amended++;
    }

    @Override
    public void orderFilled(long sequence, long timestamp, OrderView order) {
        count(sequence);
    }

    @Override
    public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                             int orderCount) {
        count(sequence);
        levelChanges++;
    }

    @Override
    public void riskEvent(long sequence, long timestamp, RiskEvent event) {
        count(sequence);
        if (event.kind() == RiskEvent.Kind.ACCOUNT_LIQUIDATED) {
            liquidations++;
        }
    }

    /** Accounts liquidated. */
    public long liquidations() {
        return liquidations;
    }

    /** All events. */
    public long events() {
        return events;
    }

    /** Orders accepted. */
    public long accepted() {
        return accepted;
    }

    /** Commands rejected. */
    public long rejected() {
        return rejected;
    }

    /** Fill events (trades). */
    public long fills() {
        return fills;
    }

    /** Sum of fill sizes, scaled. */
    public long tradedSize() {
        return tradedSize;
    }

    /** Orders cancelled (any reason). */
    public long cancelled() {
        return cancelled;
    }

    /** Orders amended. */
    public long amended() {
        return amended;
    }

    /** Level-changed events. */
    public long levelChanges() {
        return levelChanges;
    }

    /** A value that depends on every event's sequence number. */
    public long checksum() {
        return checksum;
    }

    @Override
    public void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) {
        count(sequence);
    }

    @Override
    public void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     long referencePrice) {
        count(sequence);
    }

    @Override
    public void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     CancelReason reason) {
        count(sequence);
    }

    @Override
    public void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                   ConditionalOrderSnapshot previous) {
        count(sequence);
    }

    @Override
    public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
        count(sequence);
    }
}
