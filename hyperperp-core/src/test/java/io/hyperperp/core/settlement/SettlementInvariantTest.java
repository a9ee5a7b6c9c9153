package io.hyperperp.core.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Randomized: whatever the sink does (transient errors, expiries, poison fills, lost outcomes) and
 * however often the batcher restarts over the same store, every fill ends in exactly one confirmed
 * batch or in a visible failed one, and no trade is settled twice.
 */
class SettlementInvariantTest {

    static final int FILLS = Integer.getInteger("hyperperp.invariant.fills", 120_000);

    /** What the "chain" knows: transactions by hash and what they did. */
    static final class Chain {
        final LocalSettlementLedger ledger = new LocalSettlementLedger(MarketRegistry.defaults());
        final Map<String, Boolean> committed = new HashMap<>(); // hash -> committed (false = can never commit)
        final Map<Long, Long> settledBy = new HashMap<>();       // trade -> batch
        final List<String> violations = new ArrayList<>();

        /** Executes a transaction. The contract does not deduplicate: a second commit settles again. */
        SettlementOutcome commit(SettlementBatch batch, String hash) {
            committed.put(hash, true);
            for (SettlementFill f : batch.fills()) {
                Long before = settledBy.putIfAbsent(f.tradeId(), batch.batchId());
                if (before != null) {
                    violations.add("trade " + f.tradeId() + " settled twice (batches " + before + " and "
                            + batch.batchId() + ", transaction " + hash + ")");
                    return SettlementOutcome.confirmed(hash);
                }
            }
            SettlementOutcome outcome = ledger.apply(batch);
            if (outcome.kind() != SettlementOutcome.Kind.CONFIRMED) {
                violations.add("ledger refused batch " + batch.batchId() + ": " + outcome);
            }
            return SettlementOutcome.confirmed(hash);
        }
    }

    /** A sink that behaves like a correct chain adapter in a hostile world. */
    static final class ChaosSink implements SettlementSink {
        final Chain chain;
        final SplittableRandom rnd;
        final Set<Long> poison;
        final int maxFills;
        final boolean mayHang;
        int sends;

        ChaosSink(Chain chain, SplittableRandom rnd, Set<Long> poison, int maxFills, boolean mayHang) {
            this.chain = chain;
            this.rnd = rnd;
            this.poison = poison;
            this.maxFills = maxFills;
            this.mayHang = mayHang;
        }

        @Override
        public int maxFillsPerBatch() {
            return maxFills;
        }

        @Override
        public CompletableFuture<SettlementOutcome> settle(SettlementBatch batch, SubmissionRecorder recorder) {
            if (batch.fills().size() > maxFills) {
                chain.violations.add("batch " + batch.batchId() + " has " + batch.fills().size() + " fills");
            }
            Submission previous = batch.submission();
            if (previous != null) {
                Boolean state = chain.committed.get(previous.txHash());
                if (state == null) {
                    // sent but not yet committed: it commits now, or its expiration passes
                    if (rnd.nextInt(2) == 0) {
                        return done(execute(batch, previous.txHash()));
                    }
                    chain.committed.put(previous.txHash(), false);
                    return done(SettlementOutcome.expired(previous.txHash(), "transaction expired"));
                }
                return done(state ? SettlementOutcome.confirmed(previous.txHash())
                        : SettlementOutcome.expired(previous.txHash(), "transaction expired"));
            }
            int roll = rnd.nextInt(100);
            if (roll < 5) {
                return done(SettlementOutcome.transientFailure("connection refused")); // nothing sent
            }
            String hash = "0x" + batch.batchId() + "-" + (++sends) + "-" + rnd.nextInt();
            recorder.record(new Submission(hash, sends, batch.expiry(), new byte[] {(byte) sends}));
            if (roll < 10) {
                if (rnd.nextBoolean()) {
                    execute(batch, hash); // it did commit; the answer got lost
                }
                return done(SettlementOutcome.transientFailure("timeout waiting for " + hash));
            }
            if (roll < 13) {
                chain.committed.put(hash, false);
                return done(SettlementOutcome.expired(hash, "E_BATCH_EXPIRED"));
            }
            if (mayHang && roll < 15) {
                if (rnd.nextBoolean()) {
                    execute(batch, hash); // committed, but the outcome is lost with the process
                }
                return new CompletableFuture<>();
            }
            return done(execute(batch, hash));
        }

        private SettlementOutcome execute(SettlementBatch batch, String hash) {
            for (SettlementFill f : batch.fills()) {
                if (poison.contains(f.tradeId())) {
                    chain.committed.put(hash, false); // an aborted transaction commits, but settles nothing
                    return SettlementOutcome.fillRejected(hash, "E_PRICE_OUT_OF_BOUNDS");
                }
            }
            return chain.commit(batch, hash);
        }

        private static CompletableFuture<SettlementOutcome> done(SettlementOutcome outcome) {
            return CompletableFuture.completedFuture(outcome);
        }
    }

    @Test
    void everyFillEndsInExactlyOneConfirmedOrFailedBatch() {
        long seed = Long.getLong("hyperperp.invariant.seed", System.nanoTime());
        try {
            run(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("settlement invariant failed with seed " + seed
                    + " (rerun with -Dhyperperp.invariant.seed=" + seed + ")", e);
        }
    }

    private void run(long seed) {
        java.util.logging.Logger quiet = java.util.logging.Logger.getLogger(SettlementBatcher.class.getName());
        java.util.logging.Level level = quiet.getLevel();
        quiet.setLevel(java.util.logging.Level.OFF);
        try {
            runQuietly(seed);
        } finally {
            quiet.setLevel(level);
        }
    }

    private void runQuietly(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ManualScheduler scheduler = new ManualScheduler();
        InMemorySettlementStore store = new InMemorySettlementStore();
        Chain chain = new Chain();
        Set<Long> poison = new HashSet<>();
        SettlementConfig config = SettlementConfig.defaults()
                .withBatching(1 + rnd.nextInt(20), 1_000 + rnd.nextInt(5_000))
                .withRetry(50, 2_000).withMaxInFlight(1 + rnd.nextInt(8)).withJitterSeed(seed);
        int maxFills = 3 + rnd.nextInt(25);
        int[] alerts = new int[1];
        SettlementListener listener = new SettlementListener() {
            @Override
            public void alert(SettlementBatch batch, String message) {
                alerts[0]++;
            }
        };
        SettlementBatcher batcher = null;
        int restarts = 0;
        long tradeId = 0;
        while (tradeId < FILLS) {
            if (batcher == null || rnd.nextInt(400) == 0) {
                if (batcher != null) {
                    batcher.stop();
                    restarts++;
                }
                batcher = new SettlementBatcher(config, MarketRegistry.defaults(), store,
                        new ChaosSink(chain, rnd.split(), poison, maxFills, true), scheduler, null, listener);
                batcher.start();
            }
            int n = 1 + rnd.nextInt(20);
            List<SettlementFill> group = new ArrayList<>(n);
            for (int i = 0; i < n && tradeId < FILLS; i++) {
                tradeId++;
                if (rnd.nextInt(1_000) == 0) {
                    poison.add(tradeId);
                }
                group.add(new SettlementFill(tradeId, "0xt" + rnd.nextInt(50), "0xm" + rnd.nextInt(50),
                        1 + rnd.nextInt(5), 10_000L * (1 + rnd.nextInt(1_000)), 1_000_000L * (1 + rnd.nextInt(90_000)),
                        5, 1_700_000_000L, rnd.nextBoolean() ? Side.BUY : Side.SELL));
            }
            batcher.submitFills(group);
            scheduler.advance(rnd.nextInt(400));
        }
        // a last restart without lost outcomes, then let everything finish
        batcher.stop();
        batcher = new SettlementBatcher(config, MarketRegistry.defaults(), store,
                new ChaosSink(chain, rnd.split(), poison, maxFills, false), scheduler, null, listener);
        batcher.start();
        batcher.flush();
        scheduler.runAll(24L * 3_600_000);

        assertThat(chain.violations).isEmpty();
        assertThat(store.unbatched()).isEmpty();
        Map<Long, Integer> owners = new HashMap<>();
        int failedBatches = 0;
        for (SettlementBatch b : store.list(null, Integer.MAX_VALUE)) {
            assertThat(b.status()).as("batch %d", b.batchId())
                    .isIn(BatchStatus.CONFIRMED, BatchStatus.FAILED, BatchStatus.SPLIT);
            assertThat(b.fills().size()).isLessThanOrEqualTo(Math.max(maxFills, config.batchSize()));
            if (b.status() == BatchStatus.SPLIT) {
                continue;
            }
            if (b.status() == BatchStatus.FAILED) {
                failedBatches++;
                assertThat(b.fills()).hasSize(1);
                assertThat(poison).contains(b.fills().get(0).tradeId());
                assertThat(b.lastError()).contains("E_PRICE_OUT_OF_BOUNDS");
            }
            for (SettlementFill f : b.fills()) {
                owners.merge(f.tradeId(), 1, Integer::sum);
                assertThat(store.batchOf(f.tradeId())).isEqualTo(b.batchId());
                boolean settled = chain.ledger.isSettled(f.tradeId());
                assertThat(settled).as("trade %d settled", f.tradeId()).isEqualTo(b.status() == BatchStatus.CONFIRMED);
                if (settled) {
                    assertThat(chain.settledBy.get(f.tradeId())).isEqualTo(b.batchId());
                }
            }
        }
        assertThat(owners).hasSize(FILLS);
        assertThat(owners.values()).allMatch(c -> c == 1);
        assertThat(failedBatches).isEqualTo(poison.size());
        assertThat(alerts[0]).isGreaterThanOrEqualTo(poison.size());
        assertThat(chain.ledger.settledTradeCount()).isEqualTo(FILLS - poison.size());
        assertThat(restarts).isPositive();
        long splits = store.list(BatchStatus.SPLIT, Integer.MAX_VALUE).size();
        System.out.printf("settlement invariant: seed %d, %d fills, %d batches, %d split, %d failed, %d restarts%n",
                seed, FILLS, store.lastBatchId(), splits, failedBatches, restarts);
    }
}
