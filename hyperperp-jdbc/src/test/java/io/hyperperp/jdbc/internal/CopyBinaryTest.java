package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CopyBinaryTest {

    /** The header is 19 bytes; a row starts with its field count, then each field's length and bytes. */
    private static int[] row(CopyBinary copy) {
        byte[] all = copy.bytes();
        return Arrays.stream(box(Arrays.copyOfRange(all, 19, all.length))).mapToInt(b -> b & 0xFF).toArray();
    }

    private static Integer[] box(byte[] bytes) {
        Integer[] out = new Integer[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (int) bytes[i];
        }
        return out;
    }

    @Test
    void numericDigitsLineUpWithTheDecimalPoint() {
        // -123.45: 2 digits (0123, 4500), weight 0, negative, display scale 2
        assertThat(row(new CopyBinary().decimal(-12_345, 2).endRow())).containsExactly(
                0, 1, 0, 0, 0, 12, 0, 2, 0, 0, 0x40, 0, 0, 2, 0, 123, 0x11, 0x94);
        // 0.005: one digit 0050 at weight -1, display scale 3
        assertThat(row(new CopyBinary().decimal(5, 3).endRow())).containsExactly(
                0, 1, 0, 0, 0, 10, 0, 1, 0xFF, 0xFF, 0, 0, 0, 3, 0, 50);
        // 1000000 at scale 0: digits 0100 0000 with the zero group dropped, weight 1
        assertThat(row(new CopyBinary().decimal(1_000_000, 0).endRow())).containsExactly(
                0, 1, 0, 0, 0, 10, 0, 1, 0, 1, 0, 0, 0, 0, 0, 100);
        // zero keeps its display scale and no digits; a negative zero does not exist
        assertThat(row(new CopyBinary().decimal(0, 4).endRow())).containsExactly(
                0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 4);
    }

    @Test
    void textIsUtf8WithoutNulCharacters() {
        assertThat(row(new CopyBinary().text("a\0é").endRow())).containsExactly(
                0, 1, 0, 0, 0, 6, 'a', 0xEF, 0xBF, 0xBD, 0xC3, 0xA9);
        assertThat(row(new CopyBinary().text(null).bool(true).endRow())).containsExactly(
                0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 1);
    }

    @Test
    void aNegativeScaleIsRefused() {
        assertThatThrownBy(() -> new CopyBinary().decimal(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
