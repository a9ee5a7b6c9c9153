package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A fill's notional and fees without divisions, against exact BigInteger arithmetic at the edges and at random. */
class FillAmountsTest {

    private static final BigInteger BPS = BigInteger.valueOf(MarketSpec.BPS);

    private static MarketSpec market(int sizeDecimals, int makerFeeBps, int takerFeeBps) {
        return new MarketSpec(1, "T", 2, sizeDecimals, 1, 1, 1, 1000, 0, makerFeeBps, takerFeeBps, 500, StpMode.NONE);
    }

    /** floor(notional × bps / 10^4) for a rebate's size, ceil for a charge: what the fill event has always carried. */
    private static long exactFee(long notional, int bps) {
        BigInteger product = BigInteger.valueOf(notional).multiply(BigInteger.valueOf(Math.abs(bps)));
        BigInteger magnitude = new java.math.BigDecimal(product).divide(new java.math.BigDecimal(BPS), 0,
                bps >= 0 ? RoundingMode.CEILING : RoundingMode.FLOOR).toBigIntegerExact();
        return bps >= 0 ? magnitude.longValueExact() : -magnitude.longValueExact();
    }

    private static void check(FillAmounts amounts, long sizeUnit, int makerFeeBps, int takerFeeBps, long price,
                              long quantity) {
        if (price < 0 || quantity < 0) {
            return; // an edge value that wrapped (limit + 1 at the top of the range)
        }
        BigInteger exact = BigInteger.valueOf(price).multiply(BigInteger.valueOf(quantity))
                .divide(BigInteger.valueOf(sizeUnit));
        if (exact.bitLength() > 63) {
            return; // placement refuses such an order (OrderRules); FixedPoint would throw, as before
        }
        long notional = amounts.notional(price, quantity);
        assertThat(notional).as("%d x %d / %d", price, quantity, sizeUnit).isEqualTo(exact.longValueExact());
        assertThat(notional).isEqualTo(FixedPoint.mulDivFloor(price, quantity, sizeUnit));
        assertThat(amounts.takerFee(notional)).as("taker fee on %d at %d", notional, takerFeeBps)
                .isEqualTo(exactFee(notional, takerFeeBps)).isEqualTo(FillAmounts.feeOn(notional, takerFeeBps));
        assertThat(amounts.makerFee(notional)).as("maker fee on %d at %d", notional, makerFeeBps)
                .isEqualTo(exactFee(notional, makerFeeBps)).isEqualTo(FillAmounts.feeOn(notional, makerFeeBps));
    }

    @Test
    void everySizeUnitAndFeeRateAtTheEdges() {
        int[][] rates = {{0, 0}, {-1, 1}, {2, 5}, {-2, 5}, {-1000, 1000}, {1000, 1000}, {-3, 7}};
        for (int decimals = 0; decimals <= 18; decimals++) {
            long sizeUnit = FixedPoint.powerOfTen(decimals);
            for (int[] rate : rates) {
                FillAmounts amounts = new FillAmounts(market(decimals, rate[0], rate[1]), sizeUnit);
                long limit = Long.MAX_VALUE / Math.max(1, Math.max(Math.abs(rate[0]), Math.abs(rate[1])));
                long[] values = {0, 1, 2, 9_999, 10_000, 10_001, sizeUnit - 1, sizeUnit, sizeUnit + 1,
                        3_000_000_000_000L, 1L << 31, (1L << 31) + 1, limit - 1, limit, limit + 1,
                        Long.MAX_VALUE / 2, Long.MAX_VALUE - 1, Long.MAX_VALUE};
                for (long price : values) {
                    for (long quantity : values) {
                        check(amounts, sizeUnit, rate[0], rate[1], price, quantity);
                    }
                }
                // notionals right at the fee's fast-path bound: price × size unit / size unit
                for (long notional : new long[] {limit - 1, limit, limit + 1, Long.MAX_VALUE}) {
                    if (notional < 0) {
                        continue;
                    }
                    check(amounts, sizeUnit, rate[0], rate[1], notional, 1);
                    assertThat(amounts.takerFee(notional)).isEqualTo(exactFee(notional, rate[1]));
                    assertThat(amounts.makerFee(notional)).isEqualTo(exactFee(notional, rate[0]));
                }
            }
        }
    }

    @Test
    void randomFillsAgreeWithExactArithmetic() {
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 200_000; i++) {
            int decimals = random.nextInt(19);
            long sizeUnit = FixedPoint.powerOfTen(decimals);
            int makerFeeBps = random.nextInt(-1000, 1001);
            int takerFeeBps = random.nextInt(Math.max(0, -makerFeeBps), 1001);
            FillAmounts amounts = new FillAmounts(market(decimals, makerFeeBps, takerFeeBps), sizeUnit);
            long price = random.nextLong(1, 1L << random.nextInt(1, 63));
            long quantity = random.nextLong(1, 1L << random.nextInt(1, 63));
            check(amounts, sizeUnit, makerFeeBps, takerFeeBps, price, quantity);
        }
    }
}
