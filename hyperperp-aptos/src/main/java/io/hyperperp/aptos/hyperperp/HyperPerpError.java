package io.hyperperp.aptos.hyperperp;

import java.util.Optional;

/** Abort codes of the {@code hyperperp::errors} Move module. */
public enum HyperPerpError {
    /** 1. */ NOT_INITIALIZED(1),
    /** 2. */ ALREADY_INITIALIZED(2),
    /** 3. */ UNAUTHORIZED(3),
    /** 4. */ PAUSED(4),
    /** 5. */ AMOUNT_TOO_SMALL(5),
    /** 6. */ PAUSED_REQUIRED(6),
    /** 10. */ INSUFFICIENT_MARGIN(10),
    /** 11: a fill's price_x lies outside [min_px, max_px]. */ PRICE_OUT_OF_BOUNDS(11),
    /** 12. */ ORACLE_STALE(12),
    /** 13: oracle_ts is later than expiry. */ BATCH_EXPIRED(13),
    /** 20. */ UNKNOWN_MARKET(20),
    /** 21. */ POSITION_NOT_FOUND(21),
    /** 22. */ INVALID_LEVERAGE(22),
    /** 23. */ INSUFFICIENT_COLLATERAL(23),
    /** 24. */ POSITION_REGISTRY_EXISTS(24),
    /** 25. */ POSITION_REGISTRY_NOT_FOUND(25),
    /** 26. */ POSITION_NOT_EMPTY(26);

    private final int code;

    HyperPerpError(int code) {
        this.code = code;
    }

    /** The abort code. */
    public int code() {
        return code;
    }

    /** The Move constant name, e.g. {@code E_PRICE_OUT_OF_BOUNDS}. */
    public String constantName() {
        return "E_" + name();
    }

    /**
     * Maps an abort code. Codes above 0xFFFF are also tried with the category stripped (Move's
     * {@code std::error} convention {@code category << 16 | reason}).
     */
    public static Optional<HyperPerpError> fromCode(long code) {
        for (HyperPerpError e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        if (code > 0xFFFF) {
            return fromCode(code & 0xFFFF);
        }
        return Optional.empty();
    }
}
