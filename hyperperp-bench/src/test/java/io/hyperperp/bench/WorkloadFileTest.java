package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadFileTest {

    @TempDir
    Path dir;

    @Test
    void aWorkloadGeneratedApartIsTheOneGeneratedHere() {
        WorkloadConfig config = WorkloadConfig.exchangeCoreMix(5, 3_000);
        MixedWorkload here = MixedWorkload.generate(config);
        MixedWorkload apart = WorkloadFile.generateApart(config);
        assertThat(apart.warmup()).isEqualTo(here.warmup());
        assertThat(apart.measured()).isEqualTo(here.measured());
        assertThat(apart.stats()).isEqualTo(here.stats());
        assertThat(apart.config()).isEqualTo(config);
    }

    @Test
    void everyFieldOfTheWorkloadsCommandsSurvivesTheFile() throws IOException {
        List<Command> warmup = List.of(
                new PlaceOrder(1, "0xa", 2, Side.SELL, OrderType.MARKET, TimeInForce.IOC, 0, 5, "c-1", true,
                        StpMode.values()[StpMode.values().length - 1], 99),
                PlaceOrder.limit(2, "0xb", 1, Side.BUY, 300, 7));
        List<Command> measured = List.of(new CancelOrder(3, "0xa", CancelOrder.ANY_MARKET, 0, "c-1"),
                new CancelOrder(4, "0xb", 1, 2, null), new AmendOrder(5, "0xb", 1, 2, null, 310, AmendOrder.UNCHANGED),
                new AmendOrder(6, "0xa", 2, 0, "c-2", 0, 9));
        MixedWorkload.Stats stats = new MixedWorkload.Stats(1, 2, 3, 4, 5, 6, 7);
        WorkloadConfig config = WorkloadConfig.exchangeCoreMix(1, 4);
        Path file = dir.resolve("w.bin");
        WorkloadFile.write(new MixedWorkload(config, warmup, measured, stats), file);
        MixedWorkload back = WorkloadFile.read(file, config);
        assertThat(back.warmup()).isEqualTo(warmup);
        assertThat(back.measured()).isEqualTo(measured);
        assertThat(back.stats()).isEqualTo(stats);
        // one instance per address across both lists, as the generator hands them to the engine's intake
        assertThat(back.measured().get(0).userAddress()).isSameAs(back.warmup().get(0).userAddress());
    }

    @Test
    void aCommandOutsideTheMixAndAFileOfAnotherKindAreRefused() throws IOException {
        WorkloadConfig config = WorkloadConfig.exchangeCoreMix(1, 1);
        MixedWorkload withDeposit = new MixedWorkload(config, List.of(new Deposit(1, "0xa", 5, "d")), List.of(),
                new MixedWorkload.Stats(0, 0, 0, 0, 0, 0, 0));
        assertThatThrownBy(() -> WorkloadFile.write(withDeposit, dir.resolve("d.bin")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deposit has no binary form");
        Path other = Files.writeString(dir.resolve("other.bin"), "not a workload");
        assertThatThrownBy(() -> WorkloadFile.read(other, config)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a workload file");
    }
}
