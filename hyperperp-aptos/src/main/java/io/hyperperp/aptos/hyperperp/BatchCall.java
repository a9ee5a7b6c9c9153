package io.hyperperp.aptos.hyperperp;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsException;
import io.hyperperp.aptos.bcs.BcsReader;
import io.hyperperp.aptos.bcs.BcsWriter;
import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.aptos.tx.RawTransaction;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds (and decodes) HyperPerp settlement payloads for a deployed contract. Layout
 * {@link BatchLayout#BATCH} yields one
 * {@code <contract>::<module>::apply_batch_v(takers, makers, market_ids, sizes, prices_x, fee_bps,
 * ts, oracle_ts, min_px, max_px, expiry, events_addr)} call; {@link BatchLayout#PER_FILL} yields one
 * {@code apply_batch_simple(taker, maker, market_id, size, price_x, fee_bps, ts, oracle_ts, min_px,
 * max_px, expiry, events_addr)} call per fill. Module and function names are configuration.
 *
 * <p>Size accounting: in the batch layout each fill adds {@link #BATCH_BYTES_PER_FILL} bytes (plus
 * a byte to a vector length prefix at 128 and 16384 fills); {@link #rawTransactionSize(int)} is exact and
 * {@link #maxFillsPerTransaction(int)} says how many fills fit a raw-transaction byte limit.
 * Immutable and thread-safe.
 */
public final class BatchCall {
    /** Encoded bytes one fill adds to the columns of {@code apply_batch_v}: 32+32+8+16+8+8+8. */
    public static final int BATCH_BYTES_PER_FILL = 112;
    /** Default module name. */
    public static final String DEFAULT_MODULE = "perp_engine";
    /** Default batch entry function. */
    public static final String DEFAULT_BATCH_FUNCTION = "apply_batch_v";
    /** Default single-fill entry function. */
    public static final String DEFAULT_SIMPLE_FUNCTION = "apply_batch_simple";
    private static final int ARG_COUNT = 12;
    /** sender 32, sequence 8, max gas 8, gas price 8, expiration 8, chain id 1. */
    private static final int RAW_FIXED_FIELDS = 32 + 8 + 8 + 8 + 8 + 1;

    private final AccountAddress contract;
    private final String module;
    private final String batchFunction;
    private final String simpleFunction;
    private final BatchLayout layout;

    private BatchCall(Builder b) {
        this.contract = Objects.requireNonNull(b.contract, "contract");
        this.module = b.module;
        this.batchFunction = b.batchFunction;
        this.simpleFunction = b.simpleFunction;
        this.layout = b.layout;
    }

    /** Starts a builder for the contract published at {@code contract}. */
    public static Builder builder(AccountAddress contract) {
        return new Builder(contract);
    }

    /** The configured layout. */
    public BatchLayout layout() {
        return layout;
    }

    /** The contract address. */
    public AccountAddress contract() {
        return contract;
    }

    /** The module name. */
    public String module() {
        return module;
    }

    /** Name of the batch entry function. */
    public String batchFunction() {
        return batchFunction;
    }

    /** Name of the single-fill entry function. */
    public String simpleFunction() {
        return simpleFunction;
    }

    /** The function the configured layout calls. */
    public String function() {
        return layout == BatchLayout.BATCH ? batchFunction : simpleFunction;
    }

    /** Payloads for the fills in the configured layout: one for BATCH, one per fill for PER_FILL. */
    public List<EntryFunction> payloads(List<SettlementFill> fills, BatchParams params) {
        if (fills.isEmpty()) {
            throw new IllegalArgumentException("no fills");
        }
        if (layout == BatchLayout.BATCH) {
            return List.of(batchPayload(fills, params));
        }
        List<EntryFunction> out = new ArrayList<>(fills.size());
        for (SettlementFill f : fills) {
            out.add(simplePayload(f, params));
        }
        return out;
    }

    /** The {@code apply_batch_v} payload for the fills. */
    public EntryFunction batchPayload(List<SettlementFill> fills, BatchParams params) {
        List<byte[]> args = new ArrayList<>(ARG_COUNT);
        args.add(column(fills, (w, f) -> w.address(f.taker())));
        args.add(column(fills, (w, f) -> w.address(f.maker())));
        args.add(column(fills, (w, f) -> w.u64Bits(f.marketId())));
        args.add(column(fills, (w, f) -> w.u128(f.size())));
        args.add(column(fills, (w, f) -> w.u64Bits(f.priceX())));
        args.add(column(fills, (w, f) -> w.u64Bits(f.feeBps())));
        args.add(column(fills, (w, f) -> w.u64Bits(f.ts())));
        addParams(args, params);
        return new EntryFunction(contract, module, batchFunction, List.of(), args);
    }

    /** The {@code apply_batch_simple} payload for one fill. */
    public EntryFunction simplePayload(SettlementFill f, BatchParams params) {
        List<byte[]> args = new ArrayList<>(ARG_COUNT);
        args.add(new BcsWriter().address(f.taker()).toByteArray());
        args.add(new BcsWriter().address(f.maker()).toByteArray());
        args.add(u64(f.marketId()));
        args.add(new BcsWriter().u128(f.size()).toByteArray());
        args.add(u64(f.priceX()));
        args.add(u64(f.feeBps()));
        args.add(u64(f.ts()));
        addParams(args, params);
        return new EntryFunction(contract, module, simpleFunction, List.of(), args);
    }

    /**
     * Decodes a payload produced by this builder (either layout, recognised by function name).
     *
     * @throws BcsException if the payload targets another function or its arguments are malformed
     */
    public DecodedBatch decode(EntryFunction payload) {
        if (!payload.moduleAddress().equals(contract) || !payload.moduleName().equals(module)) {
            throw new BcsException("payload calls " + payload.qualifiedName() + ", not module " + contract + "::" + module);
        }
        if (payload.argCount() != ARG_COUNT) {
            throw new BcsException(payload.function() + " needs " + ARG_COUNT + " arguments, got " + payload.argCount());
        }
        if (payload.function().equals(batchFunction)) {
            return decodeBatch(payload);
        }
        if (payload.function().equals(simpleFunction)) {
            return decodeSimple(payload);
        }
        throw new BcsException("unknown function " + payload.qualifiedName());
    }

    /** Exact BCS size of a raw transaction carrying {@code fills} fills in the configured layout (PER_FILL: always one). */
    public int rawTransactionSize(int fills) {
        int n = layout == BatchLayout.BATCH ? fills : 1;
        int payload = 1 + AccountAddress.LENGTH + stringSize(module) + stringSize(function())
                + 1 /* no type args */ + BcsWriter.uleb128Size(ARG_COUNT);
        if (layout == BatchLayout.BATCH) {
            payload += arg(vectorSize(n, 32)) * 2 + arg(vectorSize(n, 8)) * 4 + arg(vectorSize(n, 16));
        } else {
            payload += arg(32) * 2 + arg(8) * 4 + arg(16);
        }
        payload += arg(8) * 4 + arg(32);
        return RAW_FIXED_FIELDS + payload;
    }

    /** Size of a raw transaction with no fills: the fixed overhead the per-fill bytes add to. */
    public int fixedOverheadBytes() {
        return rawTransactionSize(0);
    }

    /** Most fills one transaction can carry under {@code maxRawTransactionBytes} (0 if none fit; PER_FILL: 1). */
    public int maxFillsPerTransaction(int maxRawTransactionBytes) {
        if (layout == BatchLayout.PER_FILL) {
            return rawTransactionSize(1) <= maxRawTransactionBytes ? 1 : 0;
        }
        int n = Math.max(0, (maxRawTransactionBytes - fixedOverheadBytes()) / BATCH_BYTES_PER_FILL);
        while (n > 0 && rawTransactionSize(n) > maxRawTransactionBytes) {
            n--;
        }
        return n;
    }

    /** Most fills under the network's 64 KiB raw transaction limit. */
    public int maxFillsPerTransaction() {
        return maxFillsPerTransaction(RawTransaction.MAX_RAW_TRANSACTION_BYTES);
    }

    private DecodedBatch decodeBatch(EntryFunction p) {
        List<AccountAddress> takers = read(p, 0, r -> r.vector(BcsReader::address));
        List<AccountAddress> makers = read(p, 1, r -> r.vector(BcsReader::address));
        List<Long> markets = read(p, 2, r -> r.vector(BcsReader::u64Bits));
        List<BigInteger> sizes = read(p, 3, r -> r.vector(BcsReader::u128));
        List<Long> prices = read(p, 4, r -> r.vector(BcsReader::u64Bits));
        List<Long> fees = read(p, 5, r -> r.vector(BcsReader::u64Bits));
        List<Long> ts = read(p, 6, r -> r.vector(BcsReader::u64Bits));
        int n = takers.size();
        for (List<?> col : List.of(makers, markets, sizes, prices, fees, ts)) {
            if (col.size() != n) {
                throw new BcsException("batch columns differ in length: " + n + " takers vs " + col.size());
            }
        }
        List<SettlementFill> fills = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fills.add(new SettlementFill(takers.get(i), makers.get(i), markets.get(i), sizes.get(i),
                    prices.get(i), fees.get(i), ts.get(i)));
        }
        return new DecodedBatch(BatchLayout.BATCH, fills, readParams(p));
    }

    private DecodedBatch decodeSimple(EntryFunction p) {
        SettlementFill f = new SettlementFill(read(p, 0, BcsReader::address), read(p, 1, BcsReader::address),
                read(p, 2, BcsReader::u64Bits), read(p, 3, BcsReader::u128), read(p, 4, BcsReader::u64Bits),
                read(p, 5, BcsReader::u64Bits), read(p, 6, BcsReader::u64Bits));
        return new DecodedBatch(BatchLayout.PER_FILL, List.of(f), readParams(p));
    }

    private static BatchParams readParams(EntryFunction p) {
        return new BatchParams(read(p, 7, BcsReader::u64Bits), read(p, 8, BcsReader::u64Bits),
                read(p, 9, BcsReader::u64Bits), read(p, 10, BcsReader::u64Bits), read(p, 11, BcsReader::address));
    }

    private static <T> T read(EntryFunction p, int index, Function<BcsReader, T> decoder) {
        BcsReader r = p.argReader(index);
        T value;
        try {
            value = decoder.apply(r);
            r.finish();
        } catch (BcsException e) {
            throw new BcsException("argument " + index + " of " + p.function() + ": " + e.getMessage());
        }
        return value;
    }

    private static void addParams(List<byte[]> args, BatchParams params) {
        args.add(u64(params.oracleTs()));
        args.add(u64(params.minPx()));
        args.add(u64(params.maxPx()));
        args.add(u64(params.expiry()));
        args.add(new BcsWriter().address(params.eventsAddr()).toByteArray());
    }

    private static byte[] column(List<SettlementFill> fills,
                                 java.util.function.BiConsumer<BcsWriter, SettlementFill> enc) {
        return new BcsWriter().vector(fills, enc).toByteArray();
    }

    private static byte[] u64(long bits) {
        return new BcsWriter().u64Bits(bits).toByteArray();
    }

    private static int vectorSize(int n, int elementBytes) {
        return BcsWriter.uleb128Size(n) + n * elementBytes;
    }

    private static int arg(int encodedLength) {
        return BcsWriter.uleb128Size(encodedLength) + encodedLength;
    }

    private static int stringSize(String s) {
        int len = s.getBytes(StandardCharsets.UTF_8).length;
        return BcsWriter.uleb128Size(len) + len;
    }

    /** Configures a {@link BatchCall}. */
    public static final class Builder {
        private final AccountAddress contract;
        private String module = DEFAULT_MODULE;
        private String batchFunction = DEFAULT_BATCH_FUNCTION;
        private String simpleFunction = DEFAULT_SIMPLE_FUNCTION;
        private BatchLayout layout = BatchLayout.BATCH;

        private Builder(AccountAddress contract) {
            this.contract = contract;
        }

        /** Module name (default {@code perp_engine}). */
        public Builder module(String value) {
            this.module = Objects.requireNonNull(value);
            return this;
        }

        /** Batch entry function (default {@code apply_batch_v}). */
        public Builder batchFunction(String value) {
            this.batchFunction = Objects.requireNonNull(value);
            return this;
        }

        /** Single-fill entry function (default {@code apply_batch_simple}). */
        public Builder simpleFunction(String value) {
            this.simpleFunction = Objects.requireNonNull(value);
            return this;
        }

        /** Layout (default BATCH). */
        public Builder layout(BatchLayout value) {
            this.layout = Objects.requireNonNull(value);
            return this;
        }

        /** Builds the immutable call builder. */
        public BatchCall build() {
            return new BatchCall(this);
        }
    }
}
