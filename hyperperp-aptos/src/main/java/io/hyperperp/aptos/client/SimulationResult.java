package io.hyperperp.aptos.client;

import io.hyperperp.aptos.hyperperp.MoveAbort;
import java.util.Optional;

/**
 * Outcome of {@code POST /transactions/simulate}.
 *
 * @param success true if execution would succeed
 * @param vmStatus the VM status text
 * @param gasUsed gas units execution would use
 */
public record SimulationResult(boolean success, String vmStatus, long gasUsed) {
    /** The parsed Move abort, if the simulation aborted. */
    public Optional<MoveAbort> moveAbort() {
        return success ? Optional.empty() : MoveAbort.parse(vmStatus);
    }
}
