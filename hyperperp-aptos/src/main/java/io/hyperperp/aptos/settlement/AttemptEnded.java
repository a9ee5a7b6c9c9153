package io.hyperperp.aptos.settlement;

import io.hyperperp.core.settlement.SettlementOutcome;

/** Thrown to end an attempt with an outcome from deep inside. */
final class AttemptEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SettlementOutcome outcome;

    AttemptEnded(SettlementOutcome outcome) {
        super(outcome.kind() + ": " + outcome.message(), null, false, false);
        this.outcome = outcome;
    }
}
