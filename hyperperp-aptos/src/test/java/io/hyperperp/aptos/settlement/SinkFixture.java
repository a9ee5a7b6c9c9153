package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementSink;
import io.hyperperp.core.settlement.Submission;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A simulator, an admin account and helpers for sink tests. */
final class SinkFixture implements AutoCloseable {
    static final AccountAddress CONTRACT = AccountAddress.parse("0xcafe");

    /** Test timings: short pauses so fault runs finish quickly. */
    static final AptosSettlementSink.Tuning FAST = new AptosSettlementSink.Tuning(6, Duration.ofMillis(5),
            Duration.ofMillis(100), Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ofSeconds(60), 1.5);

    final NodeSimulator sim;
    final AptosClient client;
    final Ed25519PrivateKey admin = Ed25519PrivateKey.generate();
    final AccountAddress adminAddress;
    final AptosSettings settings;

    SinkFixture(NodeSimulator sim, BatchLayout layout) {
        this.sim = sim;
        this.client = AptosClient.builder(sim.url()).readTimeout(Duration.ofSeconds(5)).build();
        this.adminAddress = sim.createAccount(admin.publicKey());
        this.settings = AptosSettings.of(sim.url(), admin, CONTRACT, 4, layout);
    }

    AptosSettlementSink sink() {
        return new AptosSettlementSink(client, settings, FAST);
    }

    AptosSettlementSink sink(AptosSettings s) {
        return new AptosSettlementSink(client, s, FAST);
    }

    static String user(int i) {
        return String.format("0x%064x", 0x1000 + i);
    }

    /** A fill whose size is its trade id, so every applied fill can be told apart. */
    static SettlementFill fill(long tradeId) {
        return new SettlementFill(tradeId, user((int) (tradeId % 16)), user(16 + (int) (tradeId % 7)), 1, tradeId,
                5_000_000_000L + tradeId % 100, 5, 1_700_000_000L, tradeId % 2 == 0 ? Side.BUY : Side.SELL);
    }

    static List<SettlementFill> fills(long from, int n) {
        List<SettlementFill> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(fill(from + i));
        }
        return out;
    }

    static SettlementBatch batch(long id, List<SettlementFill> fills) {
        long min = fills.stream().mapToLong(SettlementFill::priceX).min().orElseThrow();
        long max = fills.stream().mapToLong(SettlementFill::priceX).max().orElseThrow();
        return new SettlementBatch(id, 1, fills, 1_700_000_000L, min, max, 1_700_000_300L, BatchStatus.PENDING, 0,
                null, null, 0, 0, 0);
    }

    static SettlementBatch withSubmission(SettlementBatch b, Submission s) {
        return b.withSubmission(s, 0);
    }

    /** Records submissions in memory. */
    static class Recorder implements SettlementSink.SubmissionRecorder {
        final List<Submission> recorded = new CopyOnWriteArrayList<>();

        @Override
        public void record(Submission submission) {
            recorded.add(submission);
        }

        Submission last() {
            return recorded.get(recorded.size() - 1);
        }
    }

    static SettlementOutcome await(java.util.concurrent.CompletableFuture<SettlementOutcome> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    /** Waits for the sink's first resend (however busy the machine), not for a fixed time; fails after 10 s. */
    static void awaitResend(AptosSettlementSink sink) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sink.stats().resends() == 0) {
            org.assertj.core.api.Assertions.assertThat(System.nanoTime()).as("a resend within 10 s")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** How many times each size (= trade id) was applied on chain. */
    Map<Long, Integer> appliedCounts() {
        Map<Long, Integer> out = new HashMap<>();
        for (io.hyperperp.aptos.hyperperp.SettlementFill f : sim.appliedFills()) {
            out.merge(f.size().longValueExact(), 1, Integer::sum);
        }
        return out;
    }

    BigInteger position(int user) {
        return sim.position(AccountAddress.parse(user(user)), 1);
    }

    @Override
    public void close() {
        client.close();
        sim.close();
    }
}
