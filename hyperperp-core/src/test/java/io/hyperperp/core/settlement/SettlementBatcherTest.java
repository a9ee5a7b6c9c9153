package io.hyperperp.core.settlement;

import static io.hyperperp.core.settlement.Fills.ONE;
import static io.hyperperp.core.settlement.Fills.fill;
import static io.hyperperp.core.settlement.Fills.ids;
import static io.hyperperp.core.settlement.Fills.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sealing batches: by size, by timeout, per market in trade order, their bounds and prices, the sink's limit. */
class SettlementBatcherTest extends BatcherFixture {

    @Test
    void sealsByDefaultSizeOfTen() {
        SettlementBatcher b = batcher();
        b.submitFills(range(1, 25, 1));
        scheduler.runUntilIdle();
        assertThat(all()).extracting(x -> x.fills().size()).containsExactly(10, 10);
        assertThat(all()).allMatch(x -> x.status() == BatchStatus.CONFIRMED);
        assertThat(ids(batch(1).fills())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(store.unbatched()).extracting(SettlementFill::tradeId).containsExactly(21L, 22L, 23L, 24L, 25L);
    }

    @Test
    void sealsByTimeoutCountedFromTheFirstFill() {
        SettlementBatcher b = batcher();
        b.submitFills(range(1, 2, 1));
        scheduler.advance(3_000);
        b.submitFills(range(3, 1, 1));
        scheduler.advance(1_999);
        assertThat(store.lastBatchId()).isZero();
        scheduler.advance(1);
        assertThat(batch(1).fills()).hasSize(3);
        assertThat(batch(1).oracleTs()).isEqualTo(scheduler.nowMillis() / 1000);
        assertThat(batch(1).expiry()).isEqualTo(scheduler.nowMillis() / 1000 + 300);
        assertThat(batch(1).status()).isEqualTo(BatchStatus.CONFIRMED);
        // the next fill opens a new batch with its own timer
        b.submitFills(range(4, 1, 1));
        scheduler.advance(4_999);
        assertThat(store.lastBatchId()).isEqualTo(1);
        scheduler.advance(1);
        assertThat(ids(batch(2).fills())).containsExactly(4L);
    }

    @Test
    void timerOfABatchSealedBySizeDoesNotSealItsSuccessorEarly() {
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(2, TIMEOUT));
        b.submitFills(range(1, 2, 1));
        scheduler.advance(4_000);
        b.submitFills(range(3, 1, 1));
        scheduler.advance(1_000); // the first batch's timer fires now
        assertThat(store.lastBatchId()).isEqualTo(1);
        scheduler.advance(4_000);
        assertThat(ids(batch(2).fills())).containsExactly(3L);
    }

    @Test
    void aBusyMarketKeepsOneTimerQueuedNotOnePerBatch() {
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(2, TIMEOUT));
        for (long t = 1; t <= 2_001; t += 2) {
            b.submitFills(range(t, 2, 1));
            scheduler.advance(1);
        }
        assertThat(store.lastBatchId()).isEqualTo(1_001);
        assertThat(scheduler.scheduledDelays().stream().filter(d -> d == TIMEOUT)).hasSize(1);
        b.submitFills(range(5_000, 1, 1));
        scheduler.advance(TIMEOUT - 1);
        assertThat(store.lastBatchId()).isEqualTo(1_001);
        scheduler.advance(1);
        assertThat(ids(batch(1_002).fills())).containsExactly(5_000L);
        assertThat(all()).allMatch(x -> x.status() == BatchStatus.CONFIRMED);
    }

    @Test
    void groupsByMarketKeepingTradeOrder() {
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(3, TIMEOUT));
        List<SettlementFill> fills = new ArrayList<>();
        for (long t = 1; t <= 9; t++) {
            fills.add(fill(t, t % 3 == 0 ? 7 : 2, 100 * ONE));
        }
        b.submitFills(fills);
        scheduler.advance(TIMEOUT);
        for (SettlementBatch x : all()) {
            assertThat(x.fills()).allMatch(f -> f.marketId() == x.marketId());
        }
        assertThat(all()).extracting(x -> ids(x.fills())).containsExactly(
                List.of(1L, 2L, 4L), List.of(5L, 7L, 8L), List.of(3L, 6L, 9L));
    }

    @Test
    void flushSealsEveryOpenBatch() {
        SettlementBatcher b = batcher();
        b.submitFills(List.of(fill(1, 1, ONE), fill(2, 2, ONE)));
        b.flush();
        scheduler.runUntilIdle();
        assertThat(all()).extracting(SettlementBatch::marketId).containsExactly(1L, 2L);
    }

    @Test
    void boundsRoundOutwards() {
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(3, TIMEOUT));
        b.submitFills(List.of(fill(1, 1, 199), fill(2, 1, 101), fill(3, 1, 150)));
        scheduler.runUntilIdle();
        SettlementBatch x = batch(1);
        assertThat(x.minPx()).isEqualTo(95);   // 101 × 0.95 = 95.95
        assertThat(x.maxPx()).isEqualTo(209);  // 199 × 1.05 = 208.95
        assertThat(SettlementPrices.minPx(List.of(fill(1, 1, 100)), 500)).isEqualTo(95);
        assertThat(SettlementPrices.maxPx(List.of(fill(1, 1, 100)), 500)).isEqualTo(105);
        assertThat(SettlementPrices.minPx(List.of(fill(1, 1, 3)), 500)).isEqualTo(2);  // 2.85
        assertThat(SettlementPrices.maxPx(List.of(fill(1, 1, 3)), 500)).isEqualTo(4);  // 3.15
        assertThat(SettlementPrices.maxPx(List.of(fill(1, 1, Long.MAX_VALUE)), 500)).isEqualTo(Long.MAX_VALUE);
        assertThat(SettlementPrices.minPx(List.of(fill(1, 1, 12_345_678_901L)), 123)).isEqualTo(12_193_827_050L);
        assertThat(SettlementPrices.maxPx(List.of(fill(1, 1, 12_345_678_901L)), 123)).isEqualTo(12_497_530_752L);
    }

    @Test
    void priceXIsExactOrAnError() {
        assertThat(SettlementPrices.priceX(12_345, 2)).isEqualTo(12_345_000_000L); // 123.45
        assertThat(SettlementPrices.priceX(12_345, 8)).isEqualTo(12_345);
        assertThat(SettlementPrices.priceX(1_234_567_800, 10)).isEqualTo(12_345_678);
        assertThatThrownBy(() -> SettlementPrices.priceX(1_234_567_891, 10)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> SettlementPrices.priceX(Long.MAX_VALUE / 10, 2)).isInstanceOf(ArithmeticException.class);
        // a market whose ticks have no exact price_x is refused up front, configured or template
        MarketSpec bad = new MarketSpec(3, "BAD", 10, 8, 1, 1, 1, 1000, 0, 0, 5, 500, StpMode.NONE);
        MarketSpec good = new MarketSpec(3, "OK", 10, 8, 100, 1, 1, 1000, 0, 0, 5, 500, StpMode.NONE);
        assertThatThrownBy(() -> new SettlementBatcher(SettlementConfig.defaults(), MarketRegistry.of(List.of(bad),
                false, null), store, sink, scheduler, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tick size");
        assertThatThrownBy(() -> new SettlementBatcher(SettlementConfig.defaults(), MarketRegistry.of(List.of(),
                true, bad), store, sink, scheduler, null, null)).isInstanceOf(IllegalArgumentException.class);
        new SettlementBatcher(SettlementConfig.defaults(), MarketRegistry.of(List.of(good), false, null), store, sink,
                scheduler, null, null);
    }

    @Test
    void engineFillsBecomeSettlementFillsWithTheRealTakerSide() {
        MarketSpec spec = new MarketSpec(1, "T", 2, 0, 1, 1, 1, 1000, 0, -1, 5, 500, StpMode.NONE);
        MarketRegistry registry = MarketRegistry.of(List.of(spec), false, null);
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(registry, recorder);
        List<ProcessedCommand> commands = new ArrayList<>();
        PlaceOrder rest = PlaceOrder.limit(1_000_000, "0xb0b", 1, Side.BUY, 10_050, 4);
        engine.process(rest);
        commands.add(new ProcessedCommand(rest, recorder.drain()));
        PlaceOrder take = PlaceOrder.limit(2_500_000, "0xa11ce", 1, Side.SELL, 10_000, 3);
        engine.process(take);
        commands.add(new ProcessedCommand(take, recorder.drain()));
        LocalSettlementLedger ledger = new LocalSettlementLedger(registry);
        sink.ledger = ledger;
        SettlementBatcher b = new SettlementBatcher(SettlementConfig.defaults(), registry, store, sink, scheduler,
                null, listener);
        b.start();
        b.onCommitted(new ProcessedGroup(commands));
        scheduler.advance(TIMEOUT);
        SettlementFill f = batch(1).fills().get(0);
        long tradeId = commands.get(1).events().stream().filter(EngineEvent.Fill.class::isInstance)
                .map(e -> ((EngineEvent.Fill) e).tradeId()).findFirst().orElseThrow();
        assertThat(f).isEqualTo(new SettlementFill(tradeId, "0xa11ce", "0xb0b", 1, 3, 10_050_000_000L, 5, 2,
                Side.SELL));
        assertThat(batch(1).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(ledger.position("0xa11ce", 1).size()).isEqualTo(-3);
        assertThat(ledger.position("0xb0b", 1).size()).isEqualTo(3);
    }

    @Test
    void neverMoreFillsThanTheSinkTakesInOneTransaction() {
        sink.maxFills = 4;
        SettlementBatcher b = batcher();
        b.submitFills(range(1, 10, 1));
        scheduler.advance(TIMEOUT);
        assertThat(all()).extracting(x -> x.fills().size()).containsExactly(4, 4, 2);
        assertThat(sink.calls).allMatch(c -> c.batch().fills().size() <= 4);
    }

}
