package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.client.SimulationResult;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.aptos.tx.RawTransaction;
import io.hyperperp.aptos.tx.SignedTransaction;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementSink.SubmissionRecorder;
import io.hyperperp.core.settlement.Submission;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the transactions of {@link AptosSettlementSink}: gas price from the node unless configured,
 * optional simulation that sets max gas, expiration = ledger time + TTL; signs them and records them
 * <em>before</em> they can be posted. Also decodes a recorded submission back into a transaction.
 */
final class TransactionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AptosSettlementSink.class);

    private final AptosClient client;
    private final AptosSettings settings;
    private final AptosSettlementSink.Tuning tuning;
    private final Ed25519PrivateKey key;
    private final AccountAddress sender;
    private final BatchCall calls;
    private final int maxFills;
    private final SequenceWindow window;
    private final ChainReadings readings;
    private final SinkCounters counters;
    private final BooleanSupplier closed;

    TransactionFactory(AptosClient client, AptosSettings settings, AptosSettlementSink.Tuning tuning, int maxFills,
                       SequenceWindow window, ChainReadings readings, SinkCounters counters, BooleanSupplier closed) {
        this.client = client;
        this.settings = settings;
        this.tuning = tuning;
        this.key = settings.adminKey();
        this.sender = settings.adminAddress();
        this.calls = settings.batchCall();
        this.maxFills = maxFills;
        this.window = window;
        this.readings = readings;
        this.counters = counters;
        this.closed = closed;
    }

    /** A batch as a job: its checks and encoding run when its transaction is built. */
    ChainJob batchJob(SettlementBatch batch) {
        return new ChainJob() {
            @Override
            public String label() {
                return "batch " + batch.batchId();
            }

            @Override
            public Submission submission() {
                return batch.submission();
            }

            @Override
            public EntryFunction payload() {
                return batchPayload(batch);
            }

            @Override
            public int fills() {
                return batch.fills().size();
            }
        };
    }

    private EntryFunction batchPayload(SettlementBatch batch) {
        if (settings.layout() == BatchLayout.PER_FILL && batch.fills().size() != 1) {
            throw new AttemptEnded(SettlementOutcome.fatal(null, "layout per-fill settles one fill per batch; batch "
                    + batch.batchId() + " has " + batch.fills().size()));
        }
        if (batch.fills().size() > maxFills) {
            throw new AttemptEnded(SettlementOutcome.fatal(null, "batch " + batch.batchId() + " has "
                    + batch.fills().size() + " fills; at most " + maxFills + " fit in one transaction"));
        }
        List<SettlementFill> fills;
        BatchParams params;
        try {
            fills = SettlementTransactions.toChainFills(batch.fills());
            params = new BatchParams(batch.oracleTs(), batch.minPx(), batch.maxPx(), batch.expiry(),
                    settings.eventsAddress());
        } catch (IllegalArgumentException e) {
            throw new AttemptEnded(SettlementOutcome.fatal(null, "batch " + batch.batchId() + " cannot be encoded: "
                    + e.getMessage()));
        }
        return calls.payloads(fills, params).get(0);
    }

    /** Builds, signs and records {@code job}'s transaction with the next free sequence number. */
    ChainTransaction build(ChainJob job, SubmissionRecorder recorder) {
        EntryFunction payload = job.payload();
        long price = readings.gasPrice();
        long expiration = readings.estimatedLedgerSecs() + settings.txnTtlSecs();
        long seq = window.allocate();
        boolean handedOver = false;
        try {
            long maxGas = settings.maxGas();
            if (settings.simulate()) {
                maxGas = simulatedMaxGas(new RawTransaction(sender, seq, payload, maxGas, price, expiration,
                        settings.chainId()));
            }
            RawTransaction raw = new RawTransaction(sender, seq, payload, maxGas, price, expiration,
                    settings.chainId());
            SignedTransaction signed = raw.sign(key);
            String hash = signed.hash();
            ChainTransaction tx = new ChainTransaction(hash, seq, expiration, signed);
            window.hold(hash, seq);
            handedOver = true;
            if (closed.getAsBoolean()) {
                window.forget(tx);
                throw new AttemptEnded(SettlementOutcome.transientFailure("aptos sink is closed"));
            }
            // Record before sending: after a crash the transaction is looked up by this hash.
            try {
                recorder.record(new Submission(hash, seq, expiration, signed.toBcs()));
            } catch (RuntimeException e) {
                window.forget(tx); // never sent: it cannot commit
                throw new AttemptEnded(SettlementOutcome.transientFailure("recording the submission failed: " + e));
            }
            counters.transactions.increment();
            return tx;
        } finally {
            if (!handedOver) {
                window.release(seq);
            }
        }
    }

    private long simulatedMaxGas(RawTransaction raw) {
        SimulationResult r = client.simulate(raw.forSimulation(key.publicKey()));
        if (r.success()) {
            long gas = (long) Math.ceil(r.gasUsed() * tuning.simulationHeadroom());
            return Math.max(1, Math.min(settings.maxGas(), gas));
        }
        if (r.moveAbort().isPresent()) {
            // It would abort: report without spending gas or a sequence number.
            throw new AttemptEnded(AbortClassifier.classify(calls.contract(), null, r.vmStatus()));
        }
        LOG.debug("simulation inconclusive ({}); using max gas {}", r.vmStatus(), settings.maxGas());
        return settings.maxGas();
    }

    /** The transaction a previous attempt recorded, checked against its hash. */
    ChainTransaction fromSubmission(Submission s) {
        byte[] bytes = s.signedTransaction();
        SignedTransaction signed;
        try {
            signed = SignedTransaction.fromBcs(bytes);
        } catch (RuntimeException e) {
            throw new AttemptEnded(SettlementOutcome.fatal(s.txHash(), "recorded transaction " + s.txHash()
                    + " cannot be decoded: " + e.getMessage()));
        }
        if (!signed.hash().equalsIgnoreCase(s.txHash())) {
            throw new AttemptEnded(SettlementOutcome.fatal(s.txHash(), "recorded transaction bytes do not hash to "
                    + s.txHash()));
        }
        return new ChainTransaction(signed.hash(), s.sequenceNumber(), s.expirationSecs(), signed);
    }
}
