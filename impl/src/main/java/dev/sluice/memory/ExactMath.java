package dev.sluice.memory;

import java.math.BigInteger;

/**
 * Exact products and quotients of non-negative longs whose product may exceed 64 bits.
 *
 * <p>The fast path covers every product below 2^63, which is every product for limits and periods of everyday
 * size; larger ones (limits near 10^9 with periods of minutes or more) take an exact {@link BigInteger} path.
 */
final class ExactMath {

    private ExactMath() {
    }

    /** Returns {@code floor(a · b / c)} for {@code a, b >= 0} and {@code c > 0}; the result must fit a long. */
    static long mulDivFloor(long a, long b, long c) {
        long low = a * b;
        if (Math.multiplyHigh(a, b) == 0 && low >= 0) {
            return low / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    /**
     * Returns {@code ceil((a · b + d) / c)} for {@code a, b, d >= 0} and {@code c > 0}; the result must fit a
     * long.
     */
    static long mulAddDivCeil(long a, long b, long d, long c) {
        long low = a * b;
        long sum = low + d;
        if (Math.multiplyHigh(a, b) == 0 && low >= 0 && sum >= 0) {
            return sum / c + (sum % c == 0 ? 0 : 1);
        }
        BigInteger[] quotientAndRemainder = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))
                .add(BigInteger.valueOf(d)).divideAndRemainder(BigInteger.valueOf(c));
        long quotient = quotientAndRemainder[0].longValueExact();
        return quotientAndRemainder[1].signum() == 0 ? quotient : quotient + 1;
    }

    /** Returns whether {@code a · b <= c · d} for non-negative operands, exactly. */
    static boolean productAtMost(long a, long b, long c, long d) {
        long highLeft = Math.multiplyHigh(a, b);
        long highRight = Math.multiplyHigh(c, d);
        if (highLeft != highRight) {
            return highLeft < highRight;
        }
        return Long.compareUnsigned(a * b, c * d) <= 0;
    }
}
