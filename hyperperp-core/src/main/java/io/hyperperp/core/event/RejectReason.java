package io.hyperperp.core.event;

/** Why the engine refused a command. The wire code is the constant's name. */
public enum RejectReason {
    /** Size is zero or negative. */
    INVALID_SIZE("size", "size must be positive"),
    /** Price is zero or negative, or missing on a limit order. */
    INVALID_PRICE("price", "price must be positive"),
    /** Price is not a multiple of the market's tick size. */
    INVALID_TICK("price", "price is not a multiple of the tick size"),
    /** Size is not a multiple of the market's lot size. */
    INVALID_LOT("size", "size is not a multiple of the lot size"),
    /** Size is below the market's minimum. */
    SIZE_TOO_SMALL("size", "size is below the market's minimum order size"),
    /** Size is above the market's maximum. */
    SIZE_TOO_LARGE("size", "size is above the market's maximum order size"),
    /** Price times size does not fit in 64 bits at the market's scale. */
    NOTIONAL_OVERFLOW("size", "price times size is too large"),
    /**
     * The user's position in the market, moved by all of the user's open orders on that side and
     * this one, would pass the largest representable size (2^63 - 1 at the size scale).
     */
    POSITION_TOO_LARGE("size", "the position with all open orders on this side would exceed the largest representable size"),
    /** The price level's total open size would pass the largest representable size. */
    LEVEL_TOO_LARGE("size", "the total open size at this price level would exceed the largest representable size"),
    /** Limit price is outside the band around the last trade. */
    PRICE_OUT_OF_BAND("price", "price is too far from the last trade price"),
    /** A post-only order would have traded. */
    POST_ONLY_WOULD_CROSS("price", "post-only order would trade on arrival"),
    /** The user already has an open order with this client order id. */
    DUPLICATE_CLIENT_ORDER_ID("client_order_id", "client order id is already used by an open order"),
    /** Client order id is not 1-36 characters of [A-Za-z0-9._:/-]. */
    INVALID_CLIENT_ORDER_ID("client_order_id", "client order id must be 1-36 characters of [A-Za-z0-9._:/-]"),
    /** The market id is unknown and unknown markets are refused. */
    UNKNOWN_MARKET("market_id", "unknown market"),
    /**
     * The market id is not configured and the engine already opened the most markets allowed for
     * such ids ({@code max_unknown_markets}).
     */
    TOO_MANY_MARKETS("market_id", "unknown market id and the limit of markets opened for unknown ids is reached"),
    /** No open order of this user has that id. */
    UNKNOWN_ORDER("order_id", "no open order with that id for this user"),
    /** A reduce-only order would open or increase a position. */
    REDUCE_ONLY_WOULD_INCREASE("reduce_only", "reduce-only order would open or increase a position"),
    /** expires_at is not after the command's timestamp. */
    INVALID_EXPIRY("expires_at", "expires_at must be later than the command timestamp"),
    /** The time in force does not go with the order type (a market order must be ioc or fok). */
    INVALID_TIME_IN_FORCE("time_in_force", "market orders must be ioc or fok"),
    /** An amend that changes nothing. */
    AMEND_NO_CHANGE("size", "amend changes nothing: every value sent equals the order's own"),
    /** The user address is empty or malformed. */
    INVALID_USER("user_address", "user address is missing or malformed"),
    /** A trigger price that is not positive or not a multiple of the tick size. */
    INVALID_TRIGGER_PRICE("trigger_price", "trigger price must be positive and a multiple of the tick size"),
    /** A conditional order whose trigger condition already holds. */
    WOULD_TRIGGER_IMMEDIATELY("trigger_price", "the trigger condition already holds; place a normal order"),
    /** A one-cancels-other group name that is not 1-36 characters of [A-Za-z0-9._:/-]. */
    INVALID_OCO_GROUP("oco_group", "oco group must be 1-36 characters of [A-Za-z0-9._:/-]"),
    /** Margin used after the order (or leverage change) would exceed the account's equity. */
    INSUFFICIENT_MARGIN("size", "margin used after this order would exceed the account's equity"),
    /** A withdrawal larger than the account's free collateral. */
    INSUFFICIENT_FREE_COLLATERAL("amount", "amount exceeds the account's free collateral"),
    /** A deposit or withdrawal amount that is zero or negative. */
    INVALID_AMOUNT("amount", "amount must be positive"),
    /** An amount, or a margin computed from it, too large for 64-bit fixed point. */
    AMOUNT_TOO_LARGE("amount", "amount too large"),
    /** A deposit id that is empty or longer than 128 characters. */
    INVALID_DEPOSIT_ID("deposit_id", "deposit id must be 1-128 characters, no control or format characters"),
    /** Leverage below 1 or above the market's max_leverage. */
    INVALID_LEVERAGE("leverage", "leverage must be between 1 and the market's max_leverage"),
    /** Leverage or funding in a market with margin none. */
    MARGIN_DISABLED("market_id", "the market has margin none"),
    /** A funding rate whose magnitude is above the market's max_funding_rate. */
    INVALID_FUNDING_RATE("rate", "funding rate magnitude above the market's max_funding_rate"),
    /** Funding needs a mark price first. */
    NO_MARK_PRICE("market_id", "the market has no mark price yet"),
    /** The insurance fund and fee account do not trade. */
    SYSTEM_ACCOUNT("user_address", "the insurance fund and fee account cannot trade");

    private final String field;
    private final String message;

    RejectReason(String field, String message) {
        this.field = field;
        this.message = message;
    }

    /**
     * True for the reasons of margined markets and account commands (collateral, leverage,
     * funding); a market with margin none never gives them for orders.
     */
    public boolean risk() {
        return ordinal() >= INSUFFICIENT_MARGIN.ordinal();
    }

    /** The request field the reason is about, in wire naming. */
    public String field() {
        return field;
    }

    /** A human-readable explanation. */
    public String message() {
        return message;
    }
}
