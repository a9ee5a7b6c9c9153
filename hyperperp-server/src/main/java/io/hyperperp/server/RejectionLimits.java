package io.hyperperp.server;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.server.http.ApiException;

/** Which market limit a validation rejection enforces, so that the error can name it. */
final class RejectionLimits {

    private RejectionLimits() {
    }

    /** The limit behind the rejection, or null when the reason is not a market limit. */
    static ApiException.Limit of(RejectReason reason, Command command, MarketRegistry markets) {
        long marketId = marketId(command);
        if (marketId < 0) {
            return null;
        }
        MarketSpec spec = markets.find(marketId).orElse(null);
        if (spec == null) {
            return null;
        }
        return switch (reason) {
            case INVALID_TICK -> new ApiException.Limit("tick", Decimals.format(spec.tickSize(), spec.priceDecimals()));
            case INVALID_LOT -> new ApiException.Limit("lot", Decimals.format(spec.lotSize(), spec.sizeDecimals()));
            case SIZE_TOO_SMALL -> new ApiException.Limit("min_size",
                    Decimals.format(spec.minSize(), spec.sizeDecimals()));
            case SIZE_TOO_LARGE -> new ApiException.Limit("max_size",
                    Decimals.format(spec.maxSize(), spec.sizeDecimals()));
            case PRICE_OUT_OF_BAND -> new ApiException.Limit("price_band_bps", Integer.toString(spec.priceBandBps()));
            default -> null;
        };
    }

    private static long marketId(Command command) {
        return switch (command) {
            case PlaceOrder p -> p.marketId();
            case AmendOrder a -> a.marketId();
            case PlaceConditionalOrder p -> p.marketId();
            case AmendConditionalOrder a -> a.marketId();
            default -> -1;
        };
    }
}
