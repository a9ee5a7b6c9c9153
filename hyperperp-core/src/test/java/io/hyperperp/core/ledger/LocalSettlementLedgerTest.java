package io.hyperperp.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementOutcome.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalSettlementLedgerTest {

    static final long E8 = 100_000_000L;
    static final String ALICE = "0xa11ce";
    static final String BOB = "0xb0b";
    /** Market 1: 8 price decimals, whole-unit sizes, maker rebate 1 bps, taker fee 5 bps. */
    static final MarketSpec SPEC = new MarketSpec(1, "T", 8, 0, 1, 1, 1, 1_000_000, 0, -1, 5, 500, StpMode.NONE);

    final LocalSettlementLedger ledger = new LocalSettlementLedger(MarketRegistry.of(List.of(SPEC), true, null));
    long batchIds;
    long tradeIds;

    SettlementFill fill(String taker, String maker, Side takerSide, long size, long priceX) {
        return new SettlementFill(++tradeIds, taker, maker, 1, size, priceX, 5, 1_700_000_000L, takerSide);
    }

    static SettlementBatch batch(long id, List<SettlementFill> fills, long minPx, long maxPx, long oracleTs,
                                 long expiry) {
        return new SettlementBatch(id, 1, fills, oracleTs, minPx, maxPx, expiry, BatchStatus.PENDING, 0, null, null,
                0, 0, 0);
    }

    SettlementOutcome settle(SettlementFill... fills) {
        return ledger.settle(batch(++batchIds, List.of(fills), 1, Long.MAX_VALUE, 100, 400), null).join();
    }

    @Test
    void opensIncreasesReducesFlipsAndClosesWithExactNotionalAndPnl() {
        assertThat(settle(fill(ALICE, BOB, Side.BUY, 10, 100 * E8)).kind()).isEqualTo(Kind.CONFIRMED);
        assertThat(ledger.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, 10, 1_000 * E8, 0));
        assertThat(ledger.position(BOB, 1)).isEqualTo(new LedgerPosition(BOB, 1, -10, 1_000 * E8, 0));

        settle(fill(ALICE, BOB, Side.BUY, 5, 110 * E8)); // increase
        assertThat(ledger.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, 15, 1_550 * E8, 0));

        settle(fill(ALICE, BOB, Side.SELL, 6, 120 * E8)); // reduce: 6/15 of the entry is 620, exit 720
        assertThat(ledger.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, 9, 930 * E8, 100 * E8));
        assertThat(ledger.position(BOB, 1)).isEqualTo(new LedgerPosition(BOB, 1, -9, 930 * E8, -100 * E8));

        settle(fill(ALICE, BOB, Side.SELL, 12, 90 * E8)); // flip: close 9 (exit 810), open short 3 at 90
        assertThat(ledger.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, -3, 270 * E8, -20 * E8));
        assertThat(ledger.position(BOB, 1)).isEqualTo(new LedgerPosition(BOB, 1, 3, 270 * E8, 20 * E8));

        settle(fill(ALICE, BOB, Side.BUY, 3, 80 * E8)); // close the short: +30
        assertThat(ledger.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, 0, 0, 10 * E8));
        assertThat(ledger.position(BOB, 1)).isEqualTo(new LedgerPosition(BOB, 1, 0, 0, -10 * E8));

        // taker 5 bps and maker rebate 1 bps of 1000 + 550 + 720 + 1080 + 240 = 3590
        assertThat(ledger.balance(ALICE)).isEqualTo(new LedgerBalance(ALICE, 10 * E8, 179_500_000L));
        assertThat(ledger.balance(BOB)).isEqualTo(new LedgerBalance(BOB, -10 * E8, -35_900_000L));
        assertThat(ledger.balance(ALICE).net()).isEqualTo(10 * E8 - 179_500_000L);
        assertThat(ledger.positions(ALICE)).hasSize(1);
        assertThat(ledger.settledTradeCount()).isEqualTo(5);
    }

    @Test
    void entrySplitRoundsSoThatAClosedPositionLeaksNothing() {
        settle(fill(ALICE, BOB, Side.BUY, 1, 101), fill(ALICE, BOB, Side.BUY, 2, 100)); // entry 301 for 3
        settle(fill(ALICE, BOB, Side.SELL, 1, 100)); // floor(301 / 3) = 100 leaves the position
        assertThat(ledger.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, 2, 201, 0));
        settle(fill(ALICE, BOB, Side.SELL, 2, 100)); // the rest of the entry goes with the last unit
        assertThat(ledger.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, 0, 0, -1));
        assertThat(ledger.position(BOB, 1)).isEqualTo(new LedgerPosition(BOB, 1, 0, 0, 1));
    }

    @Test
    void feesRoundAgainstTheUser() {
        settle(fill(ALICE, BOB, Side.BUY, 1, 3)); // notional 3: taker ceil(0.0015) = 1, rebate floor(0.0003) = 0
        assertThat(ledger.balance(ALICE).feesPaid()).isEqualTo(1);
        assertThat(ledger.balance(BOB).feesPaid()).isZero();
        settle(fill(ALICE, BOB, Side.BUY, 1, 123_456_789)); // taker ceil(61728.3945), rebate floor(12345.6789)
        assertThat(ledger.balance(ALICE).feesPaid()).isEqualTo(1 + 61_729);
        assertThat(ledger.balance(BOB).feesPaid()).isEqualTo(-12_345);

        LocalSettlementLedger defaults = new LocalSettlementLedger(MarketRegistry.defaults()); // maker pays 2 bps
        SettlementFill f = new SettlementFill(1, ALICE, BOB, 1, 50_000_000L, 123_456_789, 5, 0, Side.SELL);
        assertThat(defaults.apply(batch(1, List.of(f), 1, Long.MAX_VALUE, 0, 1)).kind()).isEqualTo(Kind.CONFIRMED);
        // notional = 1.23456789 × 0.5 = 0.61728394 (floor, ×1e8: 61728394): taker ceil(30864.197) = 30865,
        // maker ceil(12345.6788) = 12346
        assertThat(defaults.balance(ALICE).feesPaid()).isEqualTo(30_865);
        assertThat(defaults.balance(BOB).feesPaid()).isEqualTo(12_346);
        assertThat(defaults.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, -50_000_000L, 61_728_394L, 0));
    }

    @Test
    void enforcesTheContractChecksAndChangesNothingOnFailure() {
        SettlementFill a = fill(ALICE, BOB, Side.BUY, 1, 100 * E8);
        SettlementFill b = fill(ALICE, BOB, Side.BUY, 1, 106 * E8);
        SettlementOutcome expired = ledger.apply(batch(1, List.of(a), 95 * E8, 105 * E8, 401, 400));
        assertThat(expired.kind()).isEqualTo(Kind.EXPIRED);
        assertThat(expired.message()).isEqualTo("E_BATCH_EXPIRED");
        assertThat(ledger.apply(batch(2, List.of(a), 95 * E8, 105 * E8, 400, 400)).kind()).isEqualTo(Kind.CONFIRMED);

        SettlementOutcome bounds = ledger.apply(batch(3, List.of(fill(ALICE, BOB, Side.BUY, 1, 100 * E8), b),
                95 * E8, 105 * E8, 0, 400));
        assertThat(bounds.kind()).isEqualTo(Kind.FILL_REJECTED);
        assertThat(bounds.message()).isEqualTo("E_PRICE_OUT_OF_BOUNDS");
        SettlementFill low = fill(ALICE, BOB, Side.BUY, 1, 95 * E8 - 1);
        assertThat(ledger.apply(batch(4, List.of(low), 95 * E8, 105 * E8, 0, 400)).kind())
                .isEqualTo(Kind.FILL_REJECTED);
        SettlementFill edge = fill(ALICE, BOB, Side.BUY, 1, 95 * E8);
        assertThat(ledger.apply(batch(5, List.of(edge), 95 * E8, 95 * E8, 0, 400)).kind()).isEqualTo(Kind.CONFIRMED);
        assertThat(ledger.position(ALICE, 1).size()).isEqualTo(2);
        assertThat(ledger.settledTradeCount()).isEqualTo(2);
    }

    @Test
    void aBatchAppliedTwiceIsAppliedOnce() {
        SettlementBatch x = batch(7, List.of(fill(ALICE, BOB, Side.BUY, 4, 100 * E8)), 1, Long.MAX_VALUE, 0, 400);
        assertThat(ledger.apply(x)).isEqualTo(SettlementOutcome.confirmed("local:7"));
        LedgerPosition once = ledger.position(ALICE, 1);
        LedgerBalance fees = ledger.balance(ALICE);
        assertThat(ledger.apply(x)).isEqualTo(SettlementOutcome.confirmed("local:7"));
        assertThat(ledger.position(ALICE, 1)).isEqualTo(once);
        assertThat(ledger.balance(ALICE)).isEqualTo(fees);
        // the same trade in another batch is refused outright
        SettlementBatch other = new SettlementBatch(8, 1, x.fills(), 0, 1, Long.MAX_VALUE, 400, BatchStatus.PENDING,
                0, null, null, 0, 0, 0);
        assertThat(ledger.apply(other).kind()).isEqualTo(Kind.FATAL);
        SettlementFill dup = fill(ALICE, BOB, Side.BUY, 1, E8);
        assertThat(ledger.apply(batch(9, List.of(dup, dup), 1, Long.MAX_VALUE, 0, 400)).kind()).isEqualTo(Kind.FATAL);
        assertThat(ledger.position(ALICE, 1)).isEqualTo(once);
    }

    @Test
    void anOverflowingBatchIsRolledBackWhole() {
        SettlementFill ok = fill(ALICE, BOB, Side.BUY, 5, 100 * E8);
        SettlementFill huge = fill(ALICE, BOB, Side.BUY, 1_000_000, Long.MAX_VALUE / 2);
        SettlementOutcome outcome = ledger.apply(batch(1, List.of(ok, huge), 1, Long.MAX_VALUE, 0, 400));
        assertThat(outcome.kind()).isEqualTo(Kind.FATAL);
        assertThat(outcome.message()).contains("overflow");
        assertThat(ledger.position(ALICE, 1)).isEqualTo(new LedgerPosition(ALICE, 1, 0, 0, 0));
        assertThat(ledger.balance(ALICE)).isEqualTo(new LedgerBalance(ALICE, 0, 0));
        assertThat(ledger.isSettled(ok.tradeId())).isFalse();
        assertThat(ledger.apply(batch(2, List.of(ok), 1, Long.MAX_VALUE, 0, 400)).kind()).isEqualTo(Kind.CONFIRMED);
        assertThat(ledger.position(ALICE, 1).size()).isEqualTo(5);
    }

    @Test
    void aRefusedBatchLeavesItsOtherTradesUnsettled() {
        SettlementFill settled = fill(ALICE, BOB, Side.BUY, 1, 100 * E8);
        assertThat(settle(settled).kind()).isEqualTo(Kind.CONFIRMED);
        SettlementFill a = fill(ALICE, BOB, Side.BUY, 2, 100 * E8);
        SettlementFill b = fill(ALICE, BOB, Side.BUY, 3, 100 * E8);
        SettlementOutcome again = ledger.apply(batch(20, List.of(a, b, settled), 1, Long.MAX_VALUE, 0, 400));
        assertThat(again.kind()).isEqualTo(Kind.FATAL);
        assertThat(again.message()).contains("trade " + settled.tradeId() + " is already settled");
        SettlementOutcome twice = ledger.apply(batch(21, List.of(a, b, a), 1, Long.MAX_VALUE, 0, 400));
        assertThat(twice.kind()).isEqualTo(Kind.FATAL);
        assertThat(twice.message()).contains("trade " + a.tradeId() + " appears twice in the batch");
        assertThat(ledger.isSettled(a.tradeId())).isFalse();
        assertThat(ledger.isSettled(b.tradeId())).isFalse();
        assertThat(ledger.isSettled(settled.tradeId())).isTrue();
        assertThat(ledger.settledTradeCount()).isEqualTo(1);
        assertThat(ledger.apply(batch(22, List.of(a, b), 1, Long.MAX_VALUE, 0, 400)).kind()).isEqualTo(Kind.CONFIRMED);
        assertThat(ledger.position(ALICE, 1).size()).isEqualTo(6);
        assertThat(ledger.settledTradeCount()).isEqualTo(3);
    }
}
