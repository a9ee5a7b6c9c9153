package io.hyperperp.aptos.hyperperp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.account.AccountAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MoveAbortTest {
    @Test
    void parsesNamedAbort() {
        MoveAbort a = MoveAbort.parse(
                "Move abort in 0xcafe::perp_engine: E_PRICE_OUT_OF_BOUNDS(0xb): price outside [min_px, max_px]").orElseThrow();
        assertThat(a.moduleAddress()).isEqualTo(AccountAddress.parse("0xcafe"));
        assertThat(a.module()).isEqualTo("perp_engine");
        assertThat(a.code()).isEqualTo(11);
        assertThat(a.reasonName()).contains("E_PRICE_OUT_OF_BOUNDS");
        assertThat(a.description()).isEqualTo("price outside [min_px, max_px]");
        assertThat(a.hyperPerpError()).contains(HyperPerpError.PRICE_OUT_OF_BOUNDS);
        assertThat(a.toVmStatus()).isEqualTo("Move abort in 0xcafe::perp_engine: E_PRICE_OUT_OF_BOUNDS(0xb): price outside [min_px, max_px]");
    }

    @Test
    void parsesBareCodes() {
        assertThat(MoveAbort.parse("Move abort in 0x1::perp_engine: 0xb").orElseThrow().hyperPerpError())
                .contains(HyperPerpError.PRICE_OUT_OF_BOUNDS);
        assertThat(MoveAbort.parse("Move abort in 0x1::perp_engine: 0xd").orElseThrow().hyperPerpError())
                .contains(HyperPerpError.BATCH_EXPIRED);
        assertThat(MoveAbort.parse("Move abort in 0x1::perp_engine: 26").orElseThrow().hyperPerpError())
                .contains(HyperPerpError.POSITION_NOT_EMPTY);
        assertThat(MoveAbort.parse("Move abort in 0x1::perp_engine: 0x1000b").orElseThrow().hyperPerpError())
                .contains(HyperPerpError.PRICE_OUT_OF_BOUNDS);
        assertThat(MoveAbort.parse("Move abort in 0x1::perp_engine: 0x63").orElseThrow().hyperPerpError()).isEmpty();
    }

    @Test
    void rejectsOtherStatuses() {
        assertThat(MoveAbort.parse("Executed successfully")).isEmpty();
        assertThat(MoveAbort.parse("Out of gas")).isEmpty();
        assertThat(MoveAbort.parse(null)).isEqualTo(Optional.empty());
    }

    @Test
    void mapsEveryCode() {
        assertThat(HyperPerpError.fromCode(1)).contains(HyperPerpError.NOT_INITIALIZED);
        assertThat(HyperPerpError.fromCode(26)).contains(HyperPerpError.POSITION_NOT_EMPTY);
        assertThat(HyperPerpError.fromCode(7)).isEmpty();
        assertThat(HyperPerpError.BATCH_EXPIRED.constantName()).isEqualTo("E_BATCH_EXPIRED");
    }
}
