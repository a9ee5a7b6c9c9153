package io.hyperperp.server;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.collateral.VaultCoin;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.internal.Hex;
import io.hyperperp.aptos.sim.NodeSimulator;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A node simulator with the contract's {@code vault_coin} ledger at an admin account, three funded
 * accounts (the admin, a wallet, another wallet) and the server settings that point collateral and
 * settlement at it. Market 1 has size decimals 6, like the coin, so the contract's notional (size in
 * base units × price) is the economic one.
 */
final class ChainFixture implements AutoCloseable {

    static final String USDC = "0x5dc::usdc::USDC";
    static final AccountAddress CONTRACT = AccountAddress.parse("0xcafe");
    static final BigInteger FUNDED = BigInteger.valueOf(10_000_000_000L);

    final NodeSimulator sim;
    final AptosClient client;
    final Ed25519PrivateKey admin;
    final Ed25519PrivateKey wallet;
    final Ed25519PrivateKey other;
    final VaultCoin vault;
    private final byte[] adminSeed;

    /** Keys from seeds filled with {@code seed}, {@code seed + 1} and {@code seed + 2}. */
    ChainFixture(int seed) {
        this.adminSeed = AuthAndLimitsTest.filled(seed);
        this.admin = Ed25519PrivateKey.fromSeed(adminSeed);
        this.wallet = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(seed + 1));
        this.other = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(seed + 2));
        this.sim = NodeSimulator.builder().contract(CONTRACT).ledgerTransfers(true).start();
        this.client = AptosClient.builder(sim.url()).build();
        for (Ed25519PrivateKey k : new Ed25519PrivateKey[] {admin, wallet, other}) {
            sim.createAccount(k.publicKey());
            sim.wallets().mint(USDC, k.accountAddress(), FUNDED);
        }
        sim.wallets().initLedger(admin.accountAddress());
        this.vault = new VaultCoin(CONTRACT, admin.accountAddress(), USDC);
    }

    /** Server settings: chain collateral (observer every {@code pollMillis}, 0 = none) and an admin token. */
    Map<String, String> settings(long pollMillis) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("aptos.node_url", sim.url());
        settings.put("aptos.admin_private_key", "0x" + Hex.encode(adminSeed));
        settings.put("aptos.contract_address", CONTRACT.toString());
        settings.put("aptos.chain_id", "4");
        settings.put("aptos.coin_type", USDC);
        settings.put("aptos.deposit_poll_ms", Long.toString(pollMillis));
        settings.put("auth.admin_token", SeedCollateralTest.TOKEN);
        Path markets = Files.createTempFile("markets", ".json");
        Files.writeString(markets, "{\"allow_unknown_markets\": true, \"markets\": [{\"market_id\": 1, "
                + "\"symbol\": \"BTC-USDC\", \"price_decimals\": 2, \"size_decimals\": 6}]}");
        markets.toFile().deleteOnExit();
        settings.put("server.markets_file", markets.toString());
        return settings;
    }

    /** A committed deposit of {@code amount} base units by {@code from} into the admin's ledger; its hash. */
    String deposit(Ed25519PrivateKey from, long amount) {
        return SeedCollateralTest.committed(client, sim.wallets().submitAs(from, vault.deposit(BigInteger.valueOf(amount))));
    }

    /** Polls {@code condition} until it holds, for at most 20 s. */
    static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** The wallet's coins of the collateral type on chain. */
    BigInteger coins(Ed25519PrivateKey key) {
        return sim.wallets().coinBalance(USDC, key.accountAddress());
    }

    /** The user's entry in the admin's ledger on chain. */
    BigInteger entry(Ed25519PrivateKey key) {
        return sim.wallets().ledgerBalance(admin.accountAddress(), key.accountAddress());
    }

    @Override
    public void close() {
        client.close();
        sim.close();
    }
}
