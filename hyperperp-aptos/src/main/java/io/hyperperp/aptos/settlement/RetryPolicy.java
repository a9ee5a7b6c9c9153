package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.core.settlement.SettlementOutcome;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an attempt of {@link AptosSettlementSink} absorbs transport failures: exponential backoff
 * (honouring Retry-After) up to {@link AptosSettlementSink.Tuning#transportRetries()}, then TRANSIENT.
 * Ends the attempt by throwing {@link AttemptEnded}.
 */
final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(AptosSettlementSink.class);

    private final AptosSettlementSink.Tuning tuning;
    private final BooleanSupplier closed;

    /** @param closed true once the sink is closed */
    RetryPolicy(AptosSettlementSink.Tuning tuning, BooleanSupplier closed) {
        this.tuning = tuning;
        this.closed = closed;
    }

    /** Runs a node call, absorbing retryable failures like the send loop does. */
    <T> T retrying(Supplier<T> call) {
        int failures = 0;
        while (true) {
            if (closed.getAsBoolean()) {
                throw new AttemptEnded(SettlementOutcome.transientFailure("aptos sink is closed"));
            }
            try {
                return call.get();
            } catch (AptosException e) {
                if (!e.retryable()) {
                    throw e;
                }
                failures = transportFailure(e, failures);
            }
        }
    }

    /** Counts a transport failure, pauses, and ends the attempt as TRANSIENT when there were too many. */
    int transportFailure(AptosException e, int failures) {
        int n = failures + 1;
        if (n > tuning.transportRetries()) {
            throw new AttemptEnded(SettlementOutcome.transientFailure(e.getMessage()));
        }
        long base = tuning.backoffInitial().toMillis() << Math.min(n - 1, 20);
        long delay = Math.min(base, tuning.backoffMax().toMillis());
        if (e.retryAfter().isPresent()) {
            delay = Math.max(delay, Math.min(e.retryAfter().get().toMillis(), tuning.backoffMax().toMillis()));
        }
        LOG.debug("{}; retrying in {} ms", e.getMessage(), delay);
        pause(Duration.ofMillis(delay));
        return n;
    }

    /** Sleeps; an interrupt ends the attempt as TRANSIENT (the sink is closing). */
    void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptEnded(SettlementOutcome.transientFailure("aptos sink is closed"));
        }
    }
}
