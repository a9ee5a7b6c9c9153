package io.hyperperp.cli.aptos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.hyperperp.DecodedBatch;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.internal.Hex;
import io.hyperperp.aptos.settlement.AptosSettings;
import io.hyperperp.aptos.settlement.SettlementTransactions;
import io.hyperperp.aptos.tx.RawTransaction;
import io.hyperperp.aptos.tx.SignedTransaction;
import io.hyperperp.cli.CliException;
import io.hyperperp.cli.CommonOptions;
import io.hyperperp.cli.HasCommonOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code hyperperp aptos encode-batch}: the signed settlement transactions of a batch file,
 * offline, byte for byte what the sink would send with the same sequence number and expiration.
 */
@Command(name = "encode-batch", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Encode and sign the settlement transactions of a batch (JSON) without a node.",
            "Prints {\"transactions\":[{\"raw_txn_hex\",\"signed_txn_hex\",\"hash\"}]}: one transaction for layout "
                    + "batch, one per fill for per-fill (sequence numbers counting up from --sequence)."})
final class EncodeBatchCommand implements Callable<Integer>, HasCommonOptions {

    /** Parses batch | per-fill. */
    static final class LayoutConverter implements ITypeConverter<BatchLayout> {
        @Override
        public BatchLayout convert(String value) {
            try {
                return BatchLayout.fromConfig(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not batch or per-fill");
            }
        }
    }

    /** Parses an account address. */
    static final class AddressConverter implements ITypeConverter<AccountAddress> {
        @Override
        public AccountAddress convert(String value) {
            try {
                return AccountAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    KeyOptions key;

    @Option(names = "--batch", required = true, paramLabel = "FILE", description = "Batch JSON file.")
    Path batch;

    @Option(names = "--sequence", required = true, paramLabel = "N", description = "Sequence number of the first transaction.")
    long sequence;

    @Option(names = "--expiration", required = true, paramLabel = "SECS",
            description = "expiration_timestamp_secs (ledger time, seconds since the epoch).")
    long expiration;

    @Option(names = "--chain-id", required = true, paramLabel = "C", description = "Chain id (mainnet 1, testnet 2, localnet 4).")
    int chainId;

    @Option(names = "--contract", required = true, paramLabel = "ADDR", converter = AddressConverter.class,
            description = "Address the HyperPerp package is published at.")
    AccountAddress contract;

    @Option(names = "--sender", paramLabel = "ADDR", converter = AddressConverter.class,
            description = "Sending account (default: the key's derived address).")
    AccountAddress sender;

    @Option(names = "--module", paramLabel = "M", defaultValue = BatchCall.DEFAULT_MODULE,
            description = "Module (default ${DEFAULT-VALUE}).")
    String module;

    @Option(names = "--function", paramLabel = "F",
            description = "Entry function (default apply_batch_v for batch, apply_batch_simple for per-fill).")
    String function;

    @Option(names = "--layout", paramLabel = "L", defaultValue = "batch", converter = LayoutConverter.class,
            description = "batch or per-fill (default ${DEFAULT-VALUE}).")
    BatchLayout layout;

    @Option(names = "--max-gas", paramLabel = "G", defaultValue = "" + AptosSettings.DEFAULT_MAX_GAS,
            description = "max_gas_amount (default ${DEFAULT-VALUE}).")
    long maxGas;

    @Option(names = "--gas-price", paramLabel = "P", defaultValue = "100",
            description = "gas_unit_price in octas (default ${DEFAULT-VALUE}).")
    long gasPrice;

    @Option(names = "--decode", description = "Also print each transaction decoded back from its signed bytes.")
    boolean decode;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        if (sequence < 0 || expiration < 0 || maxGas < 1 || gasPrice < 0) {
            throw new CliException("--sequence, --expiration and --gas-price must not be negative; --max-gas must be positive");
        }
        if (chainId < 0 || chainId > 255) {
            throw new CliException("--chain-id must be in 0..255, got " + chainId);
        }
        BatchFile file = BatchFile.read(batch);
        Ed25519PrivateKey k = key.load(spec.commandLine().getErr());
        AccountAddress from = sender != null ? sender : k.accountAddress();
        String fn = function != null ? function : AptosSettings.defaultFunction(layout);
        BatchCall.Builder b = BatchCall.builder(contract).module(module).layout(layout);
        BatchCall calls = (layout == BatchLayout.BATCH ? b.batchFunction(fn) : b.simpleFunction(fn)).build();
        List<SignedTransaction> txns;
        try {
            txns = SettlementTransactions.sign(calls, file.fills(), file.params(), k, from, sequence, maxGas, gasPrice,
                    expiration, chainId);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ArrayNode out = root.putArray("transactions");
        for (SignedTransaction t : txns) {
            byte[] signed = t.toBcs();
            ObjectNode o = out.addObject().put("raw_txn_hex", Hex.encodePrefixed(t.raw().toBcs()))
                    .put("signed_txn_hex", Hex.encodePrefixed(signed)).put("hash", t.hash());
            if (decode) {
                o.set("decoded", decoded(json, calls, SignedTransaction.fromBcs(signed)));
            }
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.println(json.writeValueAsString(root));
        pw.flush();
        return 0;
    }

    private static ObjectNode decoded(ObjectMapper json, BatchCall calls, SignedTransaction t) {
        RawTransaction raw = t.raw();
        DecodedBatch batch = calls.decode(raw.payload());
        ObjectNode o = json.createObjectNode().put("sender", raw.sender().toString())
                .put("sequence_number", Long.toString(raw.sequenceNumber()))
                .put("function", raw.payload().qualifiedName())
                .put("max_gas_amount", Long.toString(raw.maxGasAmount()))
                .put("gas_unit_price", Long.toString(raw.gasUnitPrice()))
                .put("expiration_timestamp_secs", Long.toString(raw.expirationTimestampSecs()))
                .put("chain_id", raw.chainId()).put("public_key", t.publicKey().toHex())
                .put("signature_valid", t.verifySignature());
        ArrayNode fills = o.putArray("fills");
        for (SettlementFill f : batch.fills()) {
            fills.addObject().put("taker", f.taker().toString()).put("maker", f.maker().toString())
                    .put("market_id", Long.toUnsignedString(f.marketId())).put("size", f.size().toString())
                    .put("price_x", Long.toUnsignedString(f.priceX()))
                    .put("fee_bps", Long.toUnsignedString(f.feeBps())).put("ts", Long.toUnsignedString(f.ts()));
        }
        o.put("oracle_ts", Long.toUnsignedString(batch.params().oracleTs()))
                .put("min_px", Long.toUnsignedString(batch.params().minPx()))
                .put("max_px", Long.toUnsignedString(batch.params().maxPx()))
                .put("expiry", Long.toUnsignedString(batch.params().expiry()))
                .put("events_addr", batch.params().eventsAddr().toString());
        return o;
    }
}
