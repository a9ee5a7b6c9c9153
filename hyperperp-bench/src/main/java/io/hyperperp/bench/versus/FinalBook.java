package io.hyperperp.bench.versus;

import io.hyperperp.core.engine.DepthLevel;
import java.util.List;

/**
 * A book after a stream, every level in HyperPerp's scaled units, best first.
 *
 * @param bids bid levels, highest price first
 * @param asks ask levels, lowest price first
 */
public record FinalBook(List<DepthLevel> bids, List<DepthLevel> asks) {

    /** Copies the lists. */
    public FinalBook {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** Orders resting on both sides. */
    public long orderCount() {
        return bids.stream().mapToLong(DepthLevel::orderCount).sum()
                + asks.stream().mapToLong(DepthLevel::orderCount).sum();
    }

    /** Where this book first differs from {@code expected}, or null if they are equal. */
    public String firstDifference(FinalBook expected) {
        String bid = firstDifference("bid", bids, expected.bids);
        return bid != null ? bid : firstDifference("ask", asks, expected.asks);
    }

    private static String firstDifference(String side, List<DepthLevel> actual, List<DepthLevel> expected) {
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                return side + " level " + (i + 1) + " is " + actual.get(i) + ", expected " + expected.get(i);
            }
        }
        if (actual.size() != expected.size()) {
            return side + " side has " + actual.size() + " levels, expected " + expected.size();
        }
        return null;
    }
}
