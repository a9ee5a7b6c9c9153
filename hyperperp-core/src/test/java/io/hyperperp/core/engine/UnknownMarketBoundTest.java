package io.hyperperp.core.engine;

import static io.hyperperp.core.engine.EngineFixture.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventHasher;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.risk.RiskSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Market ids nobody configured open markets (the seed's behaviour) only up to {@code max_unknown_markets}: the
 * next one is rejected as {@code TOO_MANY_MARKETS}, configured markets never count, and the count survives a
 * snapshot so that a restored engine refuses exactly what the original refuses.
 */
class UnknownMarketBoundTest {

    private static final String ALICE = "0xa11ce";
    private static final long CONFIGURED = 1_000;

    private final EventRecorder recorder = new EventRecorder();
    private long clock = 1_000_000;

    private static MarketRegistry registry(int bound) {
        return MarketRegistry.of(List.of(MarketSpec.defaults(CONFIGURED)), true, null).withMaxUnknownMarkets(bound);
    }

    private List<EngineEvent> run(MatchingEngine engine, Command command) {
        recorder.drain();
        engine.process(command);
        return recorder.drain();
    }

    private PlaceOrder order(long marketId) {
        return PlaceOrder.limit(++clock, ALICE, marketId, Side.BUY, 100_000_000L, 100_000_000L);
    }

    @Test
    void theMarketPastTheBoundIsRejectedAndConfiguredMarketsDoNotCount() {
        MatchingEngine engine = new MatchingEngine(registry(3), recorder);
        for (long id = 1; id <= 3; id++) {
            assertThat(run(engine, order(id))).first().isInstanceOf(EngineEvent.OrderAccepted.class);
        }
        assertThat(rejection(run(engine, order(4)))).isEqualTo(RejectReason.TOO_MANY_MARKETS);
        assertThat(rejection(run(engine, new SetLeverage(++clock, ALICE, 5, 3))))
                .isEqualTo(RejectReason.TOO_MANY_MARKETS);
        assertThat(rejection(run(engine, new UpdateMarkPrice(++clock, ALICE, 6, 100_000_000L))))
                .isEqualTo(RejectReason.TOO_MANY_MARKETS);
        assertThat(engine.openedMarkets()).containsExactlyInAnyOrder(1L, 2L, 3L);
        // a configured market opens past the bound, and an open unknown market keeps trading
        assertThat(run(engine, order(CONFIGURED))).first().isInstanceOf(EngineEvent.OrderAccepted.class);
        assertThat(run(engine, order(2))).first().isInstanceOf(EngineEvent.OrderAccepted.class);
        assertThat(RejectReason.TOO_MANY_MARKETS.field()).isEqualTo("market_id");
    }

    @Test
    void theDefaultBoundIs256AndAStrictRegistryStillSaysUnknownMarket() {
        MatchingEngine engine = new MatchingEngine(MarketRegistry.defaults(), recorder);
        for (long id = 0; id < MarketRegistry.DEFAULT_MAX_UNKNOWN_MARKETS; id++) {
            assertThat(run(engine, new SetLeverage(++clock, ALICE, id, 2))).hasSize(1);
        }
        assertThat(rejection(run(engine, new SetLeverage(++clock, ALICE, 256, 2))))
                .isEqualTo(RejectReason.TOO_MANY_MARKETS);
        MatchingEngine strict = new MatchingEngine(MarketRegistry.of(List.of(), false, null), recorder);
        assertThat(rejection(run(strict, order(7)))).isEqualTo(RejectReason.UNKNOWN_MARKET);
    }

    @Test
    void aRestoredEngineCountsTheMarketsItRestoredAndReplaysTheSameEvents() throws IOException {
        MatchingEngine original = new MatchingEngine(registry(2), RiskSettings.DEFAULTS, recorder);
        run(original, order(1));
        run(original, new SetLeverage(++clock, ALICE, 2, 3)); // margin none by default: rejected, yet it opened 2
        run(original, order(CONFIGURED));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EngineSnapshots.write(original.image(), bytes);
        MatchingEngine restored = MatchingEngine.restore(registry(2), RiskSettings.DEFAULTS, new EventRecorder(),
                EngineSnapshots.read(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.openedMarkets()).containsExactlyInAnyOrderElementsOf(original.openedMarkets());

        List<Command> rest = new ArrayList<>(List.of(order(3), order(2), order(CONFIGURED + 1)));
        List<String> digests = new ArrayList<>();
        for (MatchingEngine engine : List.of(original, restored)) {
            EventHasher hasher = new EventHasher();
            MatchingEngine hashed = MatchingEngine.restore(registry(2), RiskSettings.DEFAULTS, hasher, engine.image());
            List<RejectReason> reasons = new ArrayList<>();
            EventRecorder local = new EventRecorder();
            MatchingEngine watched = MatchingEngine.restore(registry(2), RiskSettings.DEFAULTS, local, engine.image());
            for (Command c : rest) {
                hashed.process(c);
                watched.process(c);
            }
            for (EngineEvent e : local.events()) {
                if (e instanceof EngineEvent.CommandRejected r) {
                    reasons.add(r.reason());
                }
            }
            assertThat(reasons).containsExactly(RejectReason.TOO_MANY_MARKETS, RejectReason.TOO_MANY_MARKETS);
            digests.add(hasher.hexDigest());
        }
        assertThat(digests.get(0)).isEqualTo(digests.get(1));
    }
}
