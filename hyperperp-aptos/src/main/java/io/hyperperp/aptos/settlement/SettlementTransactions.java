package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.aptos.tx.RawTransaction;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns settlement fills into signed transactions: one for layout {@code batch}, one per fill for
 * {@code per-fill}, with sequence numbers counting up. Used by the sink and by
 * {@code hyperperp aptos encode-batch}, so both produce the same bytes.
 */
public final class SettlementTransactions {

    private SettlementTransactions() {
    }

    /**
     * Converts core settlement fills (addresses as text) to the contract's {@code BatchFill}s.
     *
     * @throws IllegalArgumentException if an address does not parse
     */
    public static List<SettlementFill> toChainFills(List<io.hyperperp.core.settlement.SettlementFill> fills) {
        List<SettlementFill> out = new ArrayList<>(fills.size());
        AccountAddress lastTaker = null;
        String lastTakerText = null;
        for (io.hyperperp.core.settlement.SettlementFill f : fills) {
            AccountAddress taker;
            if (f.taker().equals(lastTakerText)) {
                taker = lastTaker;
            } else {
                taker = AccountAddress.parse(f.taker());
                lastTaker = taker;
                lastTakerText = f.taker();
            }
            out.add(new SettlementFill(taker, AccountAddress.parse(f.maker()), f.marketId(), f.size(), f.priceX(),
                    f.feeBps(), f.ts()));
        }
        return out;
    }

    /**
     * Signs the transactions settling {@code fills}.
     *
     * @param calls          layout, contract, module and function
     * @param fills          the fills, in order
     * @param params         oracle_ts, bounds, expiry and events address
     * @param key            the signing key
     * @param sender         the sending (admin) account
     * @param firstSequence  sequence number of the first transaction; the next ones count up
     * @param maxGas         max gas units
     * @param gasUnitPrice   octas per gas unit
     * @param expirationSecs transaction expiration, ledger seconds
     * @param chainId        chain id
     * @return one transaction (batch) or one per fill (per-fill)
     */
    public static List<SignedTransaction> sign(BatchCall calls, List<SettlementFill> fills, BatchParams params,
                                               Ed25519PrivateKey key, AccountAddress sender, long firstSequence,
                                               long maxGas, long gasUnitPrice, long expirationSecs, int chainId) {
        List<EntryFunction> payloads = calls.payloads(fills, params);
        List<SignedTransaction> out = new ArrayList<>(payloads.size());
        long seq = firstSequence;
        for (EntryFunction payload : payloads) {
            int size = new RawTransaction(sender, seq, payload, maxGas, gasUnitPrice, expirationSecs, chainId)
                    .toBcs().length;
            if (size > RawTransaction.MAX_RAW_TRANSACTION_BYTES) {
                throw new IllegalArgumentException("transaction of " + fills.size() + " fills is " + size
                        + " bytes; at most " + RawTransaction.MAX_RAW_TRANSACTION_BYTES + " allowed ("
                        + calls.maxFillsPerTransaction() + " fills)");
            }
            out.add(new RawTransaction(sender, seq++, payload, maxGas, gasUnitPrice, expirationSecs, chainId).sign(key));
        }
        return out;
    }
}
