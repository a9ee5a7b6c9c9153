package io.hyperperp.jdbc.engine;

import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.risk.LedgerImage;

/**
 * Refuses to start on account rows that break the engine's conservation rule: every command keeps the accounts'
 * collateral less their positions' entry cost equal to deposits less withdrawals, so rows that do not (edited
 * or damaged in the database) would make the engine trade, settle and pay out on money that is not there.
 */
final class RecoveredLedgerCheck {

    private RecoveredLedgerCheck() {
    }

    /**
     * @throws IllegalStateException naming both totals when the recovered accounts are not conserved
     */
    static void requireConserved(EngineImage image) {
        LedgerImage ledger = image.ledger();
        long total = 0;
        try {
            for (LedgerImage.Account account : ledger.accounts()) {
                total = Math.addExact(total, account.collateral());
                for (LedgerImage.Market market : account.markets()) {
                    total = Math.subtractExact(total, market.entryCost());
                }
            }
        } catch (ArithmeticException e) {
            throw new IllegalStateException("damaged state in the database: the accounts' collateral less their"
                    + " positions' entry cost overflows 64 bits; refusing to start", e);
        }
        if (total != ledger.netDeposits()) {
            throw new IllegalStateException("damaged state in the database: the accounts' collateral less their"
                    + " positions' entry cost is " + total + " collateral units but deposits less withdrawals are "
                    + ledger.netDeposits() + " (tables accounts, account_positions, engine_state); refusing to start"
                    + " on it");
        }
    }
}
