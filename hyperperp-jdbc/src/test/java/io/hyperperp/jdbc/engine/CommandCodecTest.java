package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.Side;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandCodecTest {

    private static byte[] pack(List<Command> commands) {
        CommandCodec.Writer out = new CommandCodec.Writer(16);
        long sequence = 1;
        for (Command c : commands) {
            CommandCodec.writeEntry(out, sequence, sequence + 2, c);
            sequence += 3;
        }
        return out.toByteArray();
    }

    @Test
    void everyCommandReadsBackEqual() {
        List<Command> commands = EveryCommand.list();
        assertThat(CommandCodec.readGroup(pack(commands))).containsExactlyElementsOf(commands);
    }

    @Test
    void aSingleOrderIsLessThanHalfItsJson() {
        PlaceOrder order = PlaceOrder.limit(1_764_950_000_000_000L, "0x" + "ab".repeat(32), 1, Side.BUY,
                3_000_000, 5).withClientOrderId("client-order-0001");
        int packed = pack(List.of(order)).length;
        int json = CommandLog.toJson(order).length() + 60; // and the entry's number and sequences
        assertThat(packed).isLessThan(json / 2); // 109 of 320 bytes: the 66 characters of the address stay text
    }

    @Test
    void nulInAStringIsStoredAsTheReplacementCharacterLikeTheOtherForms() {
        Command withNul = PlaceOrder.limit(1, "0xa", 1, Side.BUY, 1, 1).withClientOrderId("a\u0000b");
        assertThat(CommandCodec.readGroup(pack(List.of(withNul))))
                .containsExactly(PlaceOrder.limit(1, "0xa", 1, Side.BUY, 1, 1).withClientOrderId("a\uFFFDb"));
    }

    @Test
    void aTruncatedOrUnknownEntryIsRefusedNotMisread() {
        byte[] whole = pack(List.of(EveryCommand.list().get(0)));
        assertThatThrownBy(() -> CommandCodec.readGroup(Arrays.copyOf(whole, whole.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends inside a command");
        byte[] unknown = whole.clone();
        unknown[2] = 99; // the tag after the two one-byte sequence fields
        assertThatThrownBy(() -> CommandCodec.readGroup(unknown))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown command tag 99");
    }
}
