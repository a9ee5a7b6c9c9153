package io.hyperperp.cli.aptos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.hyperperp.DecodedBatch;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.internal.Hex;
import io.hyperperp.aptos.tx.RawTransaction;
import io.hyperperp.aptos.tx.SignedTransaction;
import io.hyperperp.cli.HyperperpCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AptosCliTest {

    /** Seed, public key and address of the Aptos Python SDK's test vector. */
    static final String SEED = "9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f";
    static final String PUBLIC_KEY = "0xb9c6ee1630ef3e711144a648db06bbb2284f7274cfbee53ffcee503cc1a49200";
    static final String ADDRESS = "0x7deeccb1080854f499ec8b4c1b213b82c5e34b925cf6875fec02d4b77adbd2d6";

    record Run(int exitCode, String out, String err) {
    }

    @TempDir
    Path dir;

    @AfterEach
    void restoreEnvironment() {
        AptosCommand.environment = System::getenv;
    }

    static Run run(String... args) {
        CommandLine cli = HyperperpCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    Path keyFile() throws Exception {
        Path f = dir.resolve("admin.key");
        Files.writeString(f, "0x" + SEED + "\n");
        return f;
    }

    static final String BATCH = """
            {"fills":[
              {"taker":"0xa11ce","maker":"0xb0b","market_id":1,"size":"1000000","price_x":"6000000000000","fee_bps":5,"ts":1700000000},
              {"taker":"0xb0b","maker":"0xa11ce","market_id":"1","size":340282366920938463463374607431768211455,"price_x":6000100000000,"fee_bps":"5","ts":"1700000001"}],
             "oracle_ts":1700000002,"min_px":"5700000000000","max_px":"6300000000000","expiry":1700000302,"events_addr":"0xe1"}
            """;

    Path batchFile(String json) throws Exception {
        Path f = dir.resolve("batch-" + System.nanoTime() + ".json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void addressFromAKeyFileAndFromTheEnvironment() throws Exception {
        Run r = run("aptos", "address", "--key-file", keyFile().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("public_key: " + PUBLIC_KEY).contains("address:    " + ADDRESS)
                .doesNotContain(SEED);
        AptosCommand.environment = () -> Map.of("HYPERPERP_APTOS__ADMIN_PRIVATE_KEY", "ed25519-priv-0x" + SEED);
        Run env = run("aptos", "address");
        assertThat(env.exitCode()).isZero();
        assertThat(env.out()).contains(ADDRESS);
    }

    @Test
    void addressErrorsExitOneWithoutShowingTheKey() throws Exception {
        AptosCommand.environment = Map::of;
        Run none = run("aptos", "address");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).startsWith("error: no key: give --key-file or set HYPERPERP_APTOS__ADMIN_PRIVATE_KEY");
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, SEED.substring(0, 62) + "zz");
        Run malformed = run("aptos", "address", "--key-file", bad.toString());
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.err()).contains("non-hex").doesNotContain(SEED.substring(0, 60));
        assertThat(malformed.err().lines().count()).isEqualTo(1);
        Run missing = run("aptos", "address", "--key-file", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
    }

    @Test
    void encodeBatchProducesOneSignedTransactionThatDecodesBack() throws Exception {
        Run r = run("aptos", "encode-batch", "--batch", batchFile(BATCH).toString(), "--key-file", keyFile().toString(),
                "--sequence", "7", "--expiration", "1700000060", "--chain-id", "4", "--contract", "0xcafe");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode txns = new ObjectMapper().readTree(r.out()).get("transactions");
        assertThat(txns).hasSize(1);
        SignedTransaction t = SignedTransaction.fromBcs(Hex.decode(txns.get(0).get("signed_txn_hex").asText()));
        assertThat(t.hash()).isEqualTo(txns.get(0).get("hash").asText());
        assertThat(Hex.encodePrefixed(t.raw().toBcs())).isEqualTo(txns.get(0).get("raw_txn_hex").asText());
        assertThat(t.verifySignature()).isTrue();
        assertThat(t.raw().sender()).isEqualTo(AccountAddress.parse(ADDRESS));
        assertThat(t.raw().sequenceNumber()).isEqualTo(7);
        assertThat(t.raw().expirationTimestampSecs()).isEqualTo(1_700_000_060L);
        assertThat(t.raw().chainId()).isEqualTo(4);
        assertThat(t.raw().payload().qualifiedName()).endsWith("cafe::perp_engine::apply_batch_v");
        BatchCall calls = BatchCall.builder(AccountAddress.parse("0xcafe")).build();
        DecodedBatch d = calls.decode(t.raw().payload());
        assertThat(d.fills()).hasSize(2);
        assertThat(d.fills().get(1).size()).isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        assertThat(d.params().maxPx()).isEqualTo(6_300_000_000_000L);
        // Byte for byte what signing the same batch directly gives (the sink uses the same code).
        List<SettlementFill> fills = d.fills();
        SignedTransaction direct = new RawTransaction(AccountAddress.parse(ADDRESS), 7,
                calls.batchPayload(fills, new BatchParams(1_700_000_002L, 5_700_000_000_000L, 6_300_000_000_000L,
                        1_700_000_302L, AccountAddress.parse("0xe1"))), 1_000_000, 100, 1_700_000_060L, 4)
                .sign(Ed25519PrivateKey.fromString(SEED));
        assertThat(direct.toBcs()).isEqualTo(t.toBcs());
    }

    @Test
    void encodeBatchPerFillGivesOneTransactionPerFillWithCountingSequenceNumbersAndDecodes() throws Exception {
        Run r = run("aptos", "encode-batch", "--batch", batchFile(BATCH).toString(), "--key-file", keyFile().toString(),
                "--sequence", "3", "--expiration", "1700000060", "--chain-id", "2", "--contract", "0xcafe",
                "--layout", "per-fill", "--max-gas", "5000", "--gas-price", "150", "--decode");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode txns = new ObjectMapper().readTree(r.out()).get("transactions");
        assertThat(txns).hasSize(2);
        List<Long> seqs = new ArrayList<>();
        for (JsonNode n : txns) {
            SignedTransaction t = SignedTransaction.fromBcs(Hex.decode(n.get("signed_txn_hex").asText()));
            seqs.add(t.raw().sequenceNumber());
            assertThat(t.raw().payload().function()).isEqualTo("apply_batch_simple");
            assertThat(t.raw().maxGasAmount()).isEqualTo(5000);
            assertThat(t.raw().gasUnitPrice()).isEqualTo(150);
            JsonNode dec = n.get("decoded");
            assertThat(dec.get("signature_valid").asBoolean()).isTrue();
            assertThat(dec.get("fills")).hasSize(1);
            assertThat(dec.get("chain_id").asInt()).isEqualTo(2);
        }
        assertThat(seqs).containsExactly(3L, 4L);
        assertThat(txns.get(1).get("decoded").get("fills").get(0).get("size").asText())
                .isEqualTo("340282366920938463463374607431768211455");
        assertThat(txns.get(0).get("decoded").get("events_addr").asText()).isEqualTo(AccountAddress.parse("0xe1").toString());
    }

    @Test
    void encodeBatchAcceptsTheFullU64RangeOfEveryU64Field() throws Exception {
        String max = "18446744073709551615"; // 2^64 - 1
        String half = "9223372036854775808"; // 2^63
        String batch = BATCH.replace("\"market_id\":\"1\"", "\"market_id\":\"" + max + "\"")
                .replace("\"price_x\":6000100000000", "\"price_x\":" + half)
                .replace("\"fee_bps\":\"5\"", "\"fee_bps\":\"" + max + "\"")
                .replace("\"ts\":\"1700000001\"", "\"ts\":" + max)
                .replace("\"oracle_ts\":1700000002", "\"oracle_ts\":" + half)
                .replace("\"min_px\":\"5700000000000\"", "\"min_px\":\"" + half + "\"")
                .replace("\"max_px\":\"6300000000000\"", "\"max_px\":\"" + max + "\"")
                .replace("\"expiry\":1700000302", "\"expiry\":" + max);
        Run r = run("aptos", "encode-batch", "--batch", batchFile(batch).toString(), "--key-file", keyFile().toString(),
                "--sequence", "0", "--expiration", "1700000060", "--chain-id", "4", "--contract", "0xcafe",
                "--layout", "per-fill", "--decode");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode decoded = new ObjectMapper().readTree(r.out()).get("transactions").get(1).get("decoded");
        JsonNode fill = decoded.get("fills").get(0);
        assertThat(fill.get("market_id").asText()).isEqualTo(max);
        assertThat(fill.get("price_x").asText()).isEqualTo(half);
        assertThat(fill.get("fee_bps").asText()).isEqualTo(max);
        assertThat(fill.get("ts").asText()).isEqualTo(max);
        assertThat(decoded.get("oracle_ts").asText()).isEqualTo(half);
        assertThat(decoded.get("min_px").asText()).isEqualTo(half);
        assertThat(decoded.get("max_px").asText()).isEqualTo(max);
        assertThat(decoded.get("expiry").asText()).isEqualTo(max);
        // One past the u64 range is still refused, naming the field.
        Run over = run("aptos", "encode-batch", "--batch", batchFile(batch.replace("\"expiry\":" + max,
                "\"expiry\":18446744073709551616")).toString(), "--key-file", keyFile().toString(), "--sequence", "0",
                "--expiration", "1", "--chain-id", "4", "--contract", "0xcafe");
        assertThat(over.exitCode()).isEqualTo(1);
        assertThat(over.err()).contains("expiry").contains("does not fit in a u64");
    }

    @Test
    void badBatchInputExitsOneNamingTheField() throws Exception {
        String key = keyFile().toString();
        Map<String, String> cases = Map.of(
                BATCH.replace("\"price_x\":6000100000000", "\"price_x\":\"-5\""), "fills[1].price_x",
                BATCH.replace("\"maker\":\"0xb0b\"", "\"maker\":\"0xnothex\""), "fills[0].maker",
                BATCH.replace("\"expiry\":1700000302,", ""), "expiry is missing",
                BATCH.replace("\"min_px\":\"5700000000000\"", "\"min_px\":\"99999999999999999999\""), "min_px",
                BATCH.replace("340282366920938463463374607431768211455", "340282366920938463463374607431768211456"),
                "fills[1].size",
                "{\"fills\":[]}", "no fills",
                "{not json", "not valid JSON");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Run r = run("aptos", "encode-batch", "--batch", batchFile(c.getKey()).toString(), "--key-file", key,
                    "--sequence", "0", "--expiration", "1", "--chain-id", "4", "--contract", "0xcafe");
            assertThat(r.exitCode()).as(c.getValue() + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: ").contains(c.getValue());
            assertThat(r.err().lines().count()).isEqualTo(1);
        }
        Run missingFile = run("aptos", "encode-batch", "--batch", dir.resolve("none.json").toString(), "--key-file",
                key, "--sequence", "0", "--expiration", "1", "--chain-id", "4", "--contract", "0xcafe");
        assertThat(missingFile.exitCode()).isEqualTo(1);
        assertThat(missingFile.err()).contains("no such file");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        String key = keyFile().toString();
        String batch = batchFile(BATCH).toString();
        assertThat(run("aptos", "encode-batch", "--batch", batch, "--key-file", key).exitCode()).isEqualTo(2);
        Run layout = run("aptos", "encode-batch", "--batch", batch, "--key-file", key, "--sequence", "0",
                "--expiration", "1", "--chain-id", "4", "--contract", "0xcafe", "--layout", "columns");
        assertThat(layout.exitCode()).isEqualTo(2);
        assertThat(layout.err()).contains("not batch or per-fill");
        assertThat(run("aptos", "encode-batch", "--batch", batch, "--key-file", key, "--sequence", "x",
                "--expiration", "1", "--chain-id", "4", "--contract", "0xcafe").exitCode()).isEqualTo(2);
        assertThat(run("aptos").exitCode()).isEqualTo(2);
        assertThat(run("aptos", "bogus").exitCode()).isEqualTo(2);
    }

    @Test
    void checkWithoutSettingsOrNodeExitsOneWithOneLine() throws Exception {
        AptosCommand.environment = () -> Map.of("HYPERPERP_APTOS__NODE_URL", "http://127.0.0.1:1/v1");
        Run missing = run("aptos", "check");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("error: HYPERPERP_APTOS__ADMIN_PRIVATE_KEY (or "
                + "HYPERPERP_APTOS__ADMIN_PRIVATE_KEY_FILE) is required");
        AptosCommand.environment = () -> Map.of("HYPERPERP_APTOS__NODE_URL", "http://127.0.0.1:1/v1",
                "HYPERPERP_APTOS__ADMIN_PRIVATE_KEY", SEED, "HYPERPERP_APTOS__CONTRACT_ADDRESS", "0xcafe",
                "HYPERPERP_APTOS__CHAIN_ID", "4", "HYPERPERP_APTOS__API_KEY", "secret-api-key");
        Run unreachable = run("aptos", "check");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("error: aptos check node failed: cannot reach");
        assertThat(unreachable.err().lines().count()).isEqualTo(1);
        assertThat(unreachable.out() + unreachable.err()).doesNotContain(SEED).doesNotContain("secret-api-key");
        assertThat(unreachable.out()).contains("adminKey=redacted").contains("FAIL node");
    }
}
