package io.hyperperp.aptos.hyperperp;

import java.util.List;

/**
 * The fills and batch arguments recovered from an {@code apply_batch_v} or
 * {@code apply_batch_simple} payload.
 *
 * @param layout which entry function the payload called
 * @param fills the fills, in call order
 * @param params the batch arguments
 */
public record DecodedBatch(BatchLayout layout, List<SettlementFill> fills, BatchParams params) {
    /** Copies the fill list. */
    public DecodedBatch {
        fills = List.copyOf(fills);
    }
}
