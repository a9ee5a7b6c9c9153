package io.hyperperp.aptos.hyperperp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsException;
import io.hyperperp.aptos.bcs.BcsWriter;
import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.aptos.tx.RawTransaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchCallTest {
    private static final AccountAddress CONTRACT = AccountAddress.parse("0xcafe");
    private static final BatchParams PARAMS = new BatchParams(1_700_000_000L, 100, 10_000_000_000L, 1_700_000_060L,
            AccountAddress.parse("0xe1"));

    static List<SettlementFill> fills(int n, long seed) {
        Random rnd = new Random(seed);
        List<SettlementFill> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            rnd.nextBytes(a);
            rnd.nextBytes(b);
            BigInteger size = i == 0 ? BcsWriter.U128_MAX : new BigInteger(100, rnd);
            out.add(new SettlementFill(AccountAddress.fromBytes(a), AccountAddress.fromBytes(b), 1 + rnd.nextInt(5),
                    size, 100 + rnd.nextInt(1_000_000), rnd.nextInt(50), 1_700_000_000L + i));
        }
        return out;
    }

    private static RawTransaction txn(EntryFunction p) {
        return new RawTransaction(AccountAddress.parse("0xad"), 7, p, 200_000, 100, 1_700_000_100L, 4);
    }

    @Test
    void batchRoundTrip() {
        BatchCall call = BatchCall.builder(CONTRACT).build();
        List<SettlementFill> fills = fills(25, 42);
        List<EntryFunction> payloads = call.payloads(fills, PARAMS);
        assertThat(payloads).hasSize(1);
        EntryFunction p = payloads.get(0);
        assertThat(p.qualifiedName()).isEqualTo(CONTRACT + "::perp_engine::apply_batch_v");
        assertThat(p.argCount()).isEqualTo(12);
        EntryFunction decodedPayload = RawTransaction.fromBcs(txn(p).toBcs()).payload();
        DecodedBatch d = call.decode(decodedPayload);
        assertThat(d.layout()).isEqualTo(BatchLayout.BATCH);
        assertThat(d.fills()).isEqualTo(fills);
        assertThat(d.params()).isEqualTo(PARAMS);
    }

    @Test
    void perFillRoundTripWithCustomNames() {
        BatchCall call = BatchCall.builder(CONTRACT).module("engine2").simpleFunction("settle_one")
                .layout(BatchLayout.fromConfig("per-fill")).build();
        List<SettlementFill> fills = fills(3, 7);
        List<EntryFunction> payloads = call.payloads(fills, PARAMS);
        assertThat(payloads).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(payloads.get(i).qualifiedName()).endsWith("::engine2::settle_one");
            DecodedBatch d = call.decode(RawTransaction.fromBcs(txn(payloads.get(i)).toBcs()).payload());
            assertThat(d.fills()).containsExactly(fills.get(i));
            assertThat(d.params()).isEqualTo(PARAMS);
            assertThat(txn(payloads.get(i)).toBcs()).hasSize(call.rawTransactionSize(1));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 127, 128, 129, 300, 585})
    void sizeAccountingIsExact(int n) {
        BatchCall call = BatchCall.builder(CONTRACT).build();
        EntryFunction p = call.batchPayload(fills(n, n), PARAMS);
        assertThat(txn(p).toBcs()).hasSize(call.rawTransactionSize(n));
    }

    @Test
    void capsFillsUnderTheLimit() {
        BatchCall call = BatchCall.builder(CONTRACT).build();
        int max = call.maxFillsPerTransaction();
        assertThat(call.rawTransactionSize(max)).isLessThanOrEqualTo(RawTransaction.MAX_RAW_TRANSACTION_BYTES);
        assertThat(call.rawTransactionSize(max + 1)).isGreaterThan(RawTransaction.MAX_RAW_TRANSACTION_BYTES);
        assertThat(max).isBetween(570, 590);
        assertThat(call.rawTransactionSize(10) - call.rawTransactionSize(9)).isEqualTo(BatchCall.BATCH_BYTES_PER_FILL);
        assertThat(call.maxFillsPerTransaction(call.fixedOverheadBytes() + 111)).isZero();
        assertThat(BatchCall.builder(CONTRACT).layout(BatchLayout.PER_FILL).build().maxFillsPerTransaction()).isEqualTo(1);
    }

    @Test
    void rejectsForeignOrMalformedPayloads() {
        BatchCall call = BatchCall.builder(CONTRACT).build();
        EntryFunction p = call.batchPayload(fills(2, 1), PARAMS);
        EntryFunction other = new EntryFunction(AccountAddress.ONE, "perp_engine", "apply_batch_v", List.of(), p.args());
        assertThatThrownBy(() -> call.decode(other)).isInstanceOf(BcsException.class).hasMessageContaining("not module");
        List<byte[]> args = new ArrayList<>(p.args());
        args.set(0, new BcsWriter().vector(List.of(AccountAddress.ONE), BcsWriter::address).toByteArray());
        EntryFunction ragged = new EntryFunction(CONTRACT, "perp_engine", "apply_batch_v", List.of(), args);
        assertThatThrownBy(() -> call.decode(ragged)).hasMessageContaining("differ in length");
        args.set(0, new byte[] {1, 2});
        EntryFunction broken = new EntryFunction(CONTRACT, "perp_engine", "apply_batch_v", List.of(), args);
        assertThatThrownBy(() -> call.decode(broken)).hasMessageContaining("argument 0");
        assertThatThrownBy(() -> call.payloads(List.of(), PARAMS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchLayout.fromConfig("bulk")).hasMessageContaining("unknown batch layout");
    }
}
