package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.tx.SignedTransaction;

/**
 * A transaction {@link AptosSettlementSink} drives: its hash, sequence number, expiration (ledger
 * seconds) and signed bytes.
 */
record ChainTransaction(String hash, long seq, long expiration, SignedTransaction signed) {
}
