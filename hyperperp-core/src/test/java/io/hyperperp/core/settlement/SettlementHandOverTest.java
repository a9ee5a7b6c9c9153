package io.hyperperp.core.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettlementHandOverTest {

    private static final long PRICE = 3_000_000_000_000L;
    private static final long SIZE = 100_000_000L;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final InMemorySettlementStore store = new InMemorySettlementStore();
    private final ScriptedSink sink = new ScriptedSink(scheduler);
    private final EventRecorder recorder = new EventRecorder();
    private final MatchingEngine engine = new MatchingEngine(MarketRegistry.defaults(), recorder);
    private final List<Long> trades = new ArrayList<>();
    private long clock = 1_000;

    private SettlementBatcher batcher() {
        sink.ledger = new LocalSettlementLedger(MarketRegistry.defaults());
        SettlementBatcher b = new SettlementBatcher(SettlementConfig.defaults(), MarketRegistry.defaults(), store,
                sink, scheduler, null, null);
        b.start();
        scheduler.runUntilIdle();
        return b;
    }

    /** A group of one resting order and one that trades against it: one fill. */
    private ProcessedGroup tradingGroup() {
        List<ProcessedCommand> commands = new ArrayList<>();
        for (PlaceOrder order : List.of(PlaceOrder.limit(clock++, "0xb0b", 1, Side.BUY, PRICE, SIZE),
                PlaceOrder.limit(clock++, "0xa11ce", 1, Side.SELL, PRICE, SIZE))) {
            engine.process(order);
            List<EngineEvent> events = recorder.drain();
            events.stream().filter(EngineEvent.Fill.class::isInstance)
                    .forEach(e -> trades.add(((EngineEvent.Fill) e).tradeId()));
            commands.add(new ProcessedCommand(order, events));
        }
        return new ProcessedGroup(commands);
    }

    @Test
    void groupsReachTheBatcherTogetherAfterTheDelayInCommitOrder() {
        SettlementHandOver handOver = new SettlementHandOver(batcher(), scheduler, 5);
        for (int i = 0; i < 3; i++) {
            handOver.onCommitted(tradingGroup());
        }
        assertThat(trades).hasSize(3);
        scheduler.runUntilIdle();
        assertThat(store.unbatched()).as("nothing handed over before the delay").isEmpty();
        assertThat(scheduler.scheduledDelays()).as("one hand-over for the three groups").containsExactly(5L);
        scheduler.advance(5);
        assertThat(store.unbatched()).extracting(SettlementFill::tradeId).containsExactlyElementsOf(trades);
        handOver.onCommitted(tradingGroup());
        assertThat(scheduler.scheduledDelays()).as("a later group schedules the next hand-over")
                .filteredOn(d -> d == 5L).hasSize(2);
    }

    @Test
    void flushHandsOverWhatWaitsThenSealsIt() {
        SettlementHandOver handOver = new SettlementHandOver(batcher(), scheduler, 5);
        handOver.onCommitted(tradingGroup());
        handOver.onCommitted(tradingGroup());
        handOver.flush();
        scheduler.runUntilIdle();
        assertThat(store.unbatched()).isEmpty();
        List<SettlementBatch> batches = store.list(null, 10);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).fills()).extracting(SettlementFill::tradeId).containsExactlyElementsOf(trades);
        assertThat(batches.get(0).status()).isEqualTo(BatchStatus.CONFIRMED);
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> new SettlementHandOver(batcher(), scheduler, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
