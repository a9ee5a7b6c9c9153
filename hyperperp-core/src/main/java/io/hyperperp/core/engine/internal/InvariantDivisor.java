package io.hyperperp.core.engine.internal;

import java.math.BigInteger;

/**
 * Divides non-negative longs by a fixed positive divisor with a multiplication and a shift instead
 * of a 64-bit division (Granlund and Montgomery, "Division by invariant integers using
 * multiplication", 1994): the margin path converts price × size to collateral units on every order
 * and fill, always by the same power of ten, and a division costs tens of cycles where this costs a
 * few.
 *
 * <p>With ℓ = ⌈log₂ d⌉ and m = ⌈2^(63+ℓ) / d⌉ (below 2⁶⁴ since d &gt; 2^(ℓ−1)), m × x / 2^(63+ℓ) =
 * x / d + x × (m × d − 2^(63+ℓ)) / (d × 2^(63+ℓ)), and for x &lt; 2⁶³ the error term is below
 * 2^−ℓ ≤ 1/d: too small to carry x / d past the next integer, so the floors agree.
 */
final class InvariantDivisor {

    private final long divisor;
    private final long magic;
    private final int shift;

    /** Prepares division by {@code divisor}, which must be positive. */
    InvariantDivisor(long divisor) {
        if (divisor <= 0) {
            throw new IllegalArgumentException("divisor must be positive: " + divisor);
        }
        this.divisor = divisor;
        if (divisor == 1) {
            magic = 0;
            shift = 0;
        } else {
            int log = 64 - Long.numberOfLeadingZeros(divisor - 1);
            BigInteger d = BigInteger.valueOf(divisor);
            BigInteger[] qr = BigInteger.ONE.shiftLeft(63 + log).divideAndRemainder(d);
            magic = (qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE)).longValue(); // < 2^64, unsigned
            shift = log - 1;
        }
    }

    /** ⌊x / divisor⌋ for 0 ≤ x. */
    long divide(long x) {
        return divisor == 1 ? x : Math.unsignedMultiplyHigh(x, magic) >>> shift;
    }

    /** The divisor. */
    long divisor() {
        return divisor;
    }
}
