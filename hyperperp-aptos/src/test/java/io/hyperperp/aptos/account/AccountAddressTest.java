package io.hyperperp.aptos.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountAddressTest {
    @ParameterizedTest
    @CsvSource({
        "0x0, 0x0", "0x1, 0x1", "0xf, 0xf", "1, 0x1", "0X1, 0x1",
        "0x0000000000000000000000000000000000000000000000000000000000000001, 0x1",
        "0x10, 0x0000000000000000000000000000000000000000000000000000000000000010",
        "0xA, 0xa",
        "0xABC, 0x0000000000000000000000000000000000000000000000000000000000000abc",
        "2D133DDD281BB6205558357CC6AC75661817E9AAEAC3AFEBC32842759CBF7FA9,"
            + " 0x2d133ddd281bb6205558357cc6ac75661817e9aaeac3afebc32842759cbf7fa9",
        "0x100000000000000000000000000000000000000000000000000000000000000f,"
            + " 0x100000000000000000000000000000000000000000000000000000000000000f"})
    void formatsPerAip40(String input, String expected) {
        AccountAddress a = AccountAddress.parse(input);
        assertThat(a.toString()).isEqualTo(expected);
        assertThat(AccountAddress.parse(a.toString())).isEqualTo(a);
        assertThat(AccountAddress.parse(a.toLongString())).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @Test
    void shortAndLongForms() {
        AccountAddress a = AccountAddress.parse("0xabc");
        assertThat(a.toShortString()).isEqualTo("0xabc");
        assertThat(AccountAddress.ZERO.toShortString()).isEqualTo("0x0");
        assertThat(AccountAddress.ONE.toLongString()).hasSize(66).endsWith("01");
        assertThat(AccountAddress.ONE.isSpecial()).isTrue();
        assertThat(a.isSpecial()).isFalse();
        assertThat(AccountAddress.parse("0x01")).isEqualTo(AccountAddress.ONE);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> AccountAddress.parse("0x" + "1".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65 hex digits");
        assertThatThrownBy(() -> AccountAddress.parse("0xzz")).hasMessageContaining("non-hex character 'z'");
        assertThatThrownBy(() -> AccountAddress.parse("0x")).hasMessageContaining("no hex digits");
        // Character.digit reads full-width and Arabic-Indic digits and full-width letters as hex: 0x\uFF11 was 0x1
        for (String other : new String[] {"0x\uFF11", "0x\u0661", "0x\uFF41", "0x1\u0660"}) {
            assertThatThrownBy(() -> AccountAddress.parse(other)).as(other).hasMessageContaining("non-hex character");
        }
        assertThatThrownBy(() -> io.hyperperp.aptos.internal.Hex.decode("\uFF10\uFF11"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-hex character");
        assertThatThrownBy(() -> AccountAddress.parse("")).hasMessageContaining("no hex digits");
        assertThatThrownBy(() -> AccountAddress.fromBytes(new byte[31])).hasMessageContaining("32 bytes");
    }

    @Test
    void bytesAreCopied() {
        byte[] b = new byte[32];
        AccountAddress a = AccountAddress.fromBytes(b);
        b[0] = 1;
        assertThat(a).isEqualTo(AccountAddress.ZERO);
        a.toBytes()[31] = 5;
        assertThat(a).isEqualTo(AccountAddress.ZERO);
    }
}
