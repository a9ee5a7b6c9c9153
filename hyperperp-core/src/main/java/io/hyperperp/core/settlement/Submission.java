package io.hyperperp.core.settlement;

/**
 * What a sink recorded about the transaction it sent for a batch, before sending it, so that
 * after a restart the same transaction is looked for (and resent byte for byte) instead of a
 * second one being built.
 *
 * @param txHash            transaction hash, 0x-prefixed hex
 * @param sequenceNumber    the sender's sequence number used
 * @param expirationSecs    the transaction's expiration time (chain time, seconds)
 * @param signedTransaction the exact signed bytes
 */
public record Submission(String txHash, long sequenceNumber, long expirationSecs, byte[] signedTransaction) {

    /** Copies the bytes; the hash is required. */
    public Submission {
        java.util.Objects.requireNonNull(txHash, "txHash");
        signedTransaction = signedTransaction == null ? new byte[0] : signedTransaction.clone();
    }

    @Override
    public byte[] signedTransaction() {
        return signedTransaction.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Submission s && s.txHash.equals(txHash) && s.sequenceNumber == sequenceNumber
                && s.expirationSecs == expirationSecs && java.util.Arrays.equals(s.signedTransaction, signedTransaction);
    }

    @Override
    public int hashCode() {
        return txHash.hashCode();
    }

    @Override
    public String toString() {
        return "Submission[" + txHash + " seq " + sequenceNumber + " exp " + expirationSecs + "]";
    }
}
