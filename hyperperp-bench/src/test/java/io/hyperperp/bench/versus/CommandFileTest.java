package io.hyperperp.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandFileTest {

    @TempDir
    Path dir;

    @Test
    void theBinaryFormGivesBackEqualCommandsWithOneAddressInstancePerUser() throws Exception {
        List<Command> commands = List.of(
                new PlaceOrder(1, "0xa11ce", 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 3_000_000, 10_000, "7",
                        false, StpMode.NONE, PlaceOrder.NO_EXPIRY),
                new PlaceOrder(2, "0xb0b", 1, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 3_100_000, 20_000, null,
                        true, null, 99),
                new AmendOrder(3, "0xa11ce", 1, CancelOrder.NO_ORDER_ID, "7", 3_050_000, AmendOrder.UNCHANGED),
                new CancelOrder(4, "0xa11ce", CancelOrder.ANY_MARKET, 12, null));
        Path file = dir.resolve("c.bin");
        CommandFile.writeBinary(commands, file);
        List<Command> read = CommandFile.read(file.toString(), MarketRegistry.defaults());
        assertThat(read).isEqualTo(commands);
        assertThat(read.get(0).userAddress()).isSameAs(read.get(2).userAddress());
    }

    @Test
    void refusesCommandsItHasNoFormFor() {
        List<Command> commands = List.of(new Deposit(1, "0xa11ce", 5, "d-1"));
        assertThatThrownBy(() -> CommandFile.writeBinary(commands, dir.resolve("d.bin")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
