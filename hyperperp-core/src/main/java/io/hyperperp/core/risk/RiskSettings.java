package io.hyperperp.core.risk;

/**
 * Engine-wide risk settings: the collateral asset's decimals and the two system accounts.
 *
 * @param collateralDecimals decimals of collateral amounts (6, like the chain's USDC, by default)
 * @param insuranceAddress   address of the insurance fund account (liquidation fees, funding
 *                           rounding, takeovers at the bankruptcy price)
 * @param feeAddress         address of the fee account (trading fees; maker rebates come out of it)
 */
public record RiskSettings(int collateralDecimals, String insuranceAddress, String feeAddress) {

    /** 6 decimals, accounts {@code insurance_fund} and {@code fee_account}. */
    public static final RiskSettings DEFAULTS = new RiskSettings(6, "insurance_fund", "fee_account");

    /** Validates. */
    public RiskSettings {
        if (collateralDecimals < 0 || collateralDecimals > 18) {
            throw new IllegalArgumentException("collateral_decimals must be in [0, 18]: " + collateralDecimals);
        }
        if (insuranceAddress == null || insuranceAddress.isBlank() || feeAddress == null || feeAddress.isBlank()
                || insuranceAddress.equals(feeAddress)) {
            throw new IllegalArgumentException("insurance and fee accounts need two distinct addresses");
        }
    }

    /** The same settings with other collateral decimals. */
    public RiskSettings withCollateralDecimals(int decimals) {
        return new RiskSettings(decimals, insuranceAddress, feeAddress);
    }
}
