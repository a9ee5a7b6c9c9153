package io.hyperperp.server.collateral;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.collateral.ChainDeposit;
import io.hyperperp.aptos.collateral.ChainDeposits;
import io.hyperperp.aptos.collateral.VaultCoin;
import io.hyperperp.aptos.settlement.AptosSettings;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deposits on chain: verification of a hash a wallet offers, and an observer that scans committed
 * transactions from the node and credits every deposit into the admin's ledger exactly once (the
 * {@link DepositLedger} is keyed by transaction hash, so a deposit both observed and confirmed is
 * credited once).
 */
public final class ChainCollateral implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChainCollateral.class);
    private static final int SCAN_PAGE = 100;

    private final AptosClient client;
    private final VaultCoin vault;
    private final ChainDeposits deposits;
    private final DepositLedger ledger;
    private final ScheduledExecutorService observer;
    private final long pollMillis;
    private long nextVersion;

    /**
     * Verifies and observes deposits into {@code vault} through {@code client}, crediting
     * {@code ledger}; the observer, once {@link #start() started}, reads from {@code fromVersion} and
     * polls every {@code pollMillis} (0 = no observer).
     */
    public ChainCollateral(AptosClient client, VaultCoin vault, DepositLedger ledger, long fromVersion,
                           long pollMillis) {
        this.client = client;
        this.vault = vault;
        this.deposits = new ChainDeposits(client, vault);
        this.ledger = ledger;
        this.nextVersion = fromVersion;
        this.pollMillis = pollMillis;
        this.observer = pollMillis > 0 ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hyperperp-deposit-observer");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * The chain side of collateral when {@code aptos.node_url} and {@code aptos.coin_type} are set
     * (null otherwise). The observer starts at ledger version 0: the chain is the record of deposits,
     * so a restarted server credits every deposit again into its fresh ledger, once each.
     */
    public static ChainCollateral fromConfig(Map<String, String> aptos, DepositLedger ledger) {
        if (!isConfigured(aptos)) {
            return null;
        }
        Map<String, String> env = new HashMap<>();
        aptos.forEach((k, v) -> env.put(AptosSettings.ENV_PREFIX + k.toUpperCase(Locale.ROOT), v));
        AptosSettings s = AptosSettings.fromEnv(env);
        AccountAddress admin = s.adminAddress() != null ? s.adminAddress() : s.adminKey().accountAddress();
        VaultCoin vault = new VaultCoin(s.contract(), admin, aptos.get("coin_type"));
        long poll = Long.parseLong(aptos.getOrDefault("deposit_poll_ms", "1000"));
        AptosClient.Builder b = AptosClient.builder(s.nodeUrl());
        if (s.apiKey() != null) {
            b.apiKey(s.apiKey());
        }
        return new ChainCollateral(b.build(), vault, ledger, 0, poll);
    }

    /** True when the Aptos settings name a node and a collateral coin: collateral comes from the chain. */
    public static boolean isConfigured(Map<String, String> aptos) {
        return aptos.containsKey("node_url") && aptos.containsKey("coin_type");
    }

    /** Starts observing deposits (when a poll interval was given). */
    public void start() {
        if (observer != null) {
            observer.scheduleWithFixedDelay(this::observeQuietly, 0, pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The contract's ledger this server credits from. */
    public VaultCoin vault() {
        return vault;
    }

    /** Verifies a hash offered as a deposit of at least {@code minimum} by {@code user}. */
    public ChainDeposits.Verification verify(String hash, AccountAddress user, BigInteger minimum) {
        return deposits.verify(hash, user, minimum);
    }

    /** Scans what committed since the last scan and credits the deposits found; returns how many were new. */
    public synchronized int observe() {
        int credited = 0;
        while (true) {
            ChainDeposits.Scan scan = deposits.scan(nextVersion, SCAN_PAGE);
            for (ChainDeposit d : scan.deposits()) {
                if (ledger.credit(d.hash(), d.user().toShortString(), d.amount(), null)) {
                    credited++;
                    LOG.info("deposit {} of {} base units by {} credited", d.hash(), d.amount(), d.user());
                }
            }
            if (scan.nextVersion() == nextVersion) {
                return credited;
            }
            nextVersion = scan.nextVersion();
        }
    }

    private void observeQuietly() {
        try {
            observe();
        } catch (RuntimeException e) {
            LOG.warn("deposit observer: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (observer != null) {
            observer.shutdownNow();
        }
        client.close();
    }
}
