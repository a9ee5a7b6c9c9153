package io.hyperperp.aptos.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsWriter;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.internal.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Aptos Python SDK vector {@code test_entry_function_with_corpus}, reproduced byte for byte. */
class OfficialVectorTest {
    private static final String SENDER_SEED = "9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f";
    private static final String RECEIVER_SEED = "0564f879d27ae3c02ce82834acfa8c793a629f2ca0de6919610be82f411326be";
    private static final String RAW = "7deeccb1080854f499ec8b4c1b213b82c5e34b925cf6875fec02d4b77adbd2d60b00000000000000"
            + "02000000000000000000000000000000000000000000000000000000000000000104636f696e087472616e73666572010700"
            + "000000000000000000000000000000000000000000000000000000000000010a6170746f735f636f696e094170746f73436f"
            + "696e0002202d133ddd281bb6205558357cc6ac75661817e9aaeac3afebc32842759cbf7fa9088813000000000000d00700000"
            + "00000000100000000000000d20296490000000004";
    private static final String SIGNATURE = "f25b74ec60a38a1ed780fd2bef6ddb6eb4356e3ab39276c9176cdf0fcae2ab37"
            + "d79b626abb43d926e91595b66503a4a3c90acbae36a28d405e308f3537af720b";
    private static final String SENDER_PUB = "b9c6ee1630ef3e711144a648db06bbb2284f7274cfbee53ffcee503cc1a49200";

    private final Ed25519PrivateKey sender = Ed25519PrivateKey.fromString(SENDER_SEED);
    private final Ed25519PrivateKey receiver = Ed25519PrivateKey.fromString(RECEIVER_SEED);

    private RawTransaction raw() {
        EntryFunction transfer = new EntryFunction(AccountAddress.ONE, "coin", "transfer",
                List.of(TypeTag.parse("0x1::aptos_coin::AptosCoin")),
                List.of(new BcsWriter().address(receiver.accountAddress()).toByteArray(),
                        new BcsWriter().u64(5000).toByteArray()));
        return new RawTransaction(sender.accountAddress(), 11, transfer, 2000, 1, 1234567890L, 4);
    }

    @Test
    void keysAndAddresses() {
        assertThat(sender.publicKey().toHex()).isEqualTo("0x" + SENDER_PUB);
        assertThat(sender.accountAddress().toString())
                .isEqualTo("0x7deeccb1080854f499ec8b4c1b213b82c5e34b925cf6875fec02d4b77adbd2d6");
        assertThat(receiver.accountAddress().toString())
                .isEqualTo("0x2d133ddd281bb6205558357cc6ac75661817e9aaeac3afebc32842759cbf7fa9");
    }

    @Test
    void rawTransactionBytes() {
        assertThat(Hex.encode(raw().toBcs())).isEqualTo(RAW);
    }

    @Test
    void signatureAndSignedBytes() {
        SignedTransaction signed = raw().sign(sender);
        assertThat(Hex.encode(signed.signature())).isEqualTo(SIGNATURE);
        assertThat(Hex.encode(signed.toBcs())).isEqualTo(RAW + "00" + "20" + SENDER_PUB + "40" + SIGNATURE);
        assertThat(signed.verifySignature()).isTrue();
        assertThat(signed.hash()).startsWith("0x").hasSize(66);
    }

    @Test
    void decodesBackToTheSameValues() {
        SignedTransaction signed = raw().sign(sender);
        SignedTransaction decoded = SignedTransaction.fromBcs(signed.toBcs());
        assertThat(decoded).isEqualTo(signed);
        assertThat(decoded.raw()).isEqualTo(raw());
        assertThat(decoded.hash()).isEqualTo(signed.hash());
        assertThat(RawTransaction.fromBcs(Hex.decode(RAW))).isEqualTo(raw());
        assertThat(decoded.raw().payload().toString()).startsWith("0x1::coin::transfer<0x1::aptos_coin::AptosCoin>(");
    }

    @Test
    void tamperedSignatureFailsVerification() {
        SignedTransaction signed = raw().sign(sender);
        byte[] sig = signed.signature();
        sig[0] ^= 1;
        assertThat(new SignedTransaction(signed.raw(), signed.publicKey(), sig).verifySignature()).isFalse();
        assertThat(raw().forSimulation(sender.publicKey()).verifySignature()).isFalse();
    }
}
