package io.hyperperp.aptos.tx;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsReader;
import io.hyperperp.aptos.bcs.BcsWriter;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.crypto.Ed25519PublicKey;
import io.hyperperp.aptos.internal.Sha3;
import java.util.Objects;

/**
 * An unsigned Aptos transaction. BCS layout: sender(32) | sequence_number u64 | payload |
 * max_gas_amount u64 | gas_unit_price u64 | expiration_timestamp_secs u64 | chain_id u8.
 *
 * @param sender sending account
 * @param sequenceNumber the sender's sequence number this transaction consumes
 * @param payload entry function call
 * @param maxGasAmount gas units the sender is willing to spend at most
 * @param gasUnitPrice octas per gas unit
 * @param expirationTimestampSecs ledger time (seconds) after which the transaction can no longer commit
 * @param chainId chain id (mainnet 1, testnet 2, localnet 4)
 */
public record RawTransaction(AccountAddress sender, long sequenceNumber, EntryFunction payload,
                             long maxGasAmount, long gasUnitPrice, long expirationTimestampSecs, int chainId) {
    /** Domain separator hashed in front of the BCS bytes to form the signing message. */
    public static final String SIGNING_SALT = "APTOS::RawTransaction";
    /** Largest raw transaction the network accepts, in bytes. */
    public static final int MAX_RAW_TRANSACTION_BYTES = 64 * 1024;

    /** Validates ranges. */
    public RawTransaction {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(payload, "payload");
        if (sequenceNumber < 0 || maxGasAmount < 0 || gasUnitPrice < 0 || expirationTimestampSecs < 0) {
            throw new IllegalArgumentException("sequence number, gas and expiration must not be negative");
        }
        if (chainId < 0 || chainId > 255) {
            throw new IllegalArgumentException("chain id must be a u8, got " + chainId);
        }
    }

    /** Writes the BCS encoding. */
    public void serialize(BcsWriter w) {
        w.address(sender).u64(sequenceNumber);
        payload.serializePayload(w);
        w.u64(maxGasAmount).u64(gasUnitPrice).u64(expirationTimestampSecs).u8(chainId);
    }

    /** The BCS encoding. */
    public byte[] toBcs() {
        BcsWriter w = new BcsWriter();
        serialize(w);
        return w.toByteArray();
    }

    /** Reads one raw transaction from a reader. */
    public static RawTransaction deserialize(BcsReader r) {
        AccountAddress sender = r.address();
        long seq = r.u64();
        EntryFunction payload = EntryFunction.deserializePayload(r);
        return new RawTransaction(sender, seq, payload, r.u64(), r.u64(), r.u64(), r.u8());
    }

    /** Decodes a complete raw transaction; trailing bytes are an error. */
    public static RawTransaction fromBcs(byte[] bytes) {
        BcsReader r = new BcsReader(bytes);
        RawTransaction raw = deserialize(r);
        r.finish();
        return raw;
    }

    /** The message Ed25519 signs: SHA3-256("APTOS::RawTransaction") || BCS(this). */
    public byte[] signingMessage() {
        byte[] prefix = Sha3.prefix(SIGNING_SALT);
        byte[] body = toBcs();
        byte[] msg = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, msg, 0, prefix.length);
        System.arraycopy(body, 0, msg, prefix.length, body.length);
        return msg;
    }

    /** Signs with an Ed25519 key. */
    public SignedTransaction sign(Ed25519PrivateKey key) {
        return new SignedTransaction(this, key.publicKey(), key.sign(signingMessage()));
    }

    /** The form {@code POST /transactions/simulate} wants: an all-zero signature. */
    public SignedTransaction forSimulation(Ed25519PublicKey publicKey) {
        return new SignedTransaction(this, publicKey, new byte[SignedTransaction.SIGNATURE_LENGTH]);
    }

    /** A copy with another sequence number. */
    public RawTransaction withSequenceNumber(long seq) {
        return new RawTransaction(sender, seq, payload, maxGasAmount, gasUnitPrice, expirationTimestampSecs, chainId);
    }
}
