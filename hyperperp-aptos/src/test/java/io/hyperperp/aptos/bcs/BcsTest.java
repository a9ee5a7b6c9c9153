package io.hyperperp.aptos.bcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.internal.Hex;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BcsTest {
    private static String hex(BcsWriter w) {
        return Hex.encode(w.toByteArray());
    }

    @Test
    void u8() {
        assertThat(hex(new BcsWriter().u8(0).u8(1).u8(255))).isEqualTo("0001ff");
        BcsReader r = new BcsReader(Hex.decode("0001ff"));
        assertThat(List.of(r.u8(), r.u8(), r.u8())).containsExactly(0, 1, 255);
        r.finish();
        assertThatThrownBy(() -> new BcsWriter().u8(256)).isInstanceOf(BcsException.class);
        assertThatThrownBy(() -> new BcsWriter().u8(-1)).isInstanceOf(BcsException.class);
    }

    @Test
    void u16AndU32() {
        assertThat(hex(new BcsWriter().u16(0xFFFF).u32(0xFFFF_FFFFL).u16(0x1234))).isEqualTo("ffffffffffff3412");
        BcsReader r = new BcsReader(Hex.decode("ffffffffffff3412"));
        assertThat(r.u16()).isEqualTo(0xFFFF);
        assertThat(r.u32()).isEqualTo(0xFFFF_FFFFL);
        assertThat(r.u16()).isEqualTo(0x1234);
        r.finish();
    }

    @Test
    void u64() {
        assertThat(hex(new BcsWriter().u64(1))).isEqualTo("0100000000000000");
        assertThat(hex(new BcsWriter().u64(Long.MAX_VALUE))).isEqualTo("ffffffffffffff7f");
        assertThat(hex(new BcsWriter().u64(BcsWriter.U64_MAX))).isEqualTo("ffffffffffffffff");
        assertThat(new BcsReader(Hex.decode("ffffffffffffffff")).u64Big()).isEqualTo(BcsWriter.U64_MAX);
        assertThat(new BcsReader(Hex.decode("ffffffffffffff7f")).u64()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> new BcsReader(Hex.decode("ffffffffffffffff")).u64())
                .hasMessageContaining("exceeds Long.MAX_VALUE");
        assertThatThrownBy(() -> new BcsWriter().u64(-1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new BcsWriter().u64(BcsWriter.U64_MAX.add(BigInteger.ONE))).hasMessageContaining("overflow");
    }

    @Test
    void u128() {
        assertThat(hex(new BcsWriter().u128(1))).isEqualTo("01" + "00".repeat(15));
        assertThat(hex(new BcsWriter().u128(BcsWriter.U128_MAX))).isEqualTo("ff".repeat(16));
        BigInteger v = new BigInteger("0102030405060708090a0b0c0d0e0f10", 16);
        byte[] enc = new BcsWriter().u128(v).toByteArray();
        assertThat(Hex.encode(enc)).isEqualTo("100f0e0d0c0b0a090807060504030201");
        assertThat(new BcsReader(enc).u128()).isEqualTo(v);
        assertThat(new BcsReader(Hex.decode("ff".repeat(16))).u128()).isEqualTo(BcsWriter.U128_MAX);
        assertThatThrownBy(() -> new BcsWriter().u128(-5L)).isInstanceOf(BcsException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new BcsWriter().u128(BigInteger.ONE.negate())).hasMessageContaining("negative");
        assertThatThrownBy(() -> new BcsWriter().u128(BcsWriter.U128_MAX.add(BigInteger.ONE))).hasMessageContaining("overflow");
    }

    @Test
    void bool() {
        assertThat(hex(new BcsWriter().bool(true).bool(false))).isEqualTo("0100");
        BcsReader r = new BcsReader(Hex.decode("0100"));
        assertThat(r.bool()).isTrue();
        assertThat(r.bool()).isFalse();
        assertThatThrownBy(() -> new BcsReader(new byte[] {2}).bool()).hasMessageContaining("invalid bool");
    }

    @Test
    void address() {
        AccountAddress a = AccountAddress.parse("0xabc");
        byte[] enc = new BcsWriter().address(a).toByteArray();
        assertThat(enc).hasSize(32);
        assertThat(Hex.encode(enc)).isEqualTo("00".repeat(30) + "0abc");
        assertThat(new BcsReader(enc).address()).isEqualTo(a);
    }

    @Test
    void strings() {
        assertThat(hex(new BcsWriter().string(""))).isEqualTo("00");
        assertThat(hex(new BcsWriter().string("coin"))).isEqualTo("04636f696e");
        String s = "çå∞≠¢õß∂ƒ∫ — 日本 🚀";
        byte[] enc = new BcsWriter().string(s).toByteArray();
        assertThat(enc[0] & 0xFF).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        BcsReader r = new BcsReader(enc);
        assertThat(r.string()).isEqualTo(s);
        r.finish();
        assertThatThrownBy(() -> new BcsReader(Hex.decode("01ff")).string()).hasMessageContaining("invalid UTF-8");
    }

    @Test
    void vectors() {
        List<Long> values = List.of(1L, 2L, 3L);
        byte[] enc = new BcsWriter().vector(values, BcsWriter::u64).toByteArray();
        assertThat(Hex.encode(enc)).isEqualTo("03" + "0100000000000000" + "0200000000000000" + "0300000000000000");
        BcsReader r = new BcsReader(enc);
        assertThat(r.vector(BcsReader::u64)).containsExactly(1L, 2L, 3L);
        r.finish();
        List<List<String>> nested = List.of(List.of("a", "bc"), List.of());
        byte[] n = new BcsWriter().vector(nested, (w, l) -> w.vector(l, BcsWriter::string)).toByteArray();
        assertThat(Hex.encode(n)).isEqualTo("020201610262630" + "0");
        assertThat(new BcsReader(n).vector(rr -> rr.vector(BcsReader::string))).isEqualTo(nested);
        assertThat(hex(new BcsWriter().bytes(new byte[] {1, 2}).fixedBytes(new byte[] {3}))).isEqualTo("02010203");
    }

    @ParameterizedTest
    @CsvSource({"0,00", "1,01", "127,7f", "128,8001", "255,ff01", "16383,ff7f", "16384,808001",
        "2097151,ffff7f", "2097152,80808001", "4294967295,ffffffff0f"})
    void uleb128(long value, String expected) {
        byte[] enc = new BcsWriter().uleb128(value).toByteArray();
        assertThat(Hex.encode(enc)).isEqualTo(expected);
        assertThat(BcsWriter.uleb128Size(value)).isEqualTo(enc.length);
        BcsReader r = new BcsReader(enc);
        assertThat(r.uleb128()).isEqualTo(value);
        r.finish();
    }

    @Test
    void uleb128Errors() {
        assertThatThrownBy(() -> new BcsWriter().uleb128(1L << 32)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new BcsWriter().uleb128(-1)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new BcsReader(Hex.decode("80")).uleb128()).hasMessageContaining("truncated ULEB128");
        assertThatThrownBy(() -> new BcsReader(Hex.decode("8000")).uleb128()).hasMessageContaining("non-canonical");
        assertThatThrownBy(() -> new BcsReader(Hex.decode("8080808010")).uleb128()).hasMessageContaining("exceeds u32");
        assertThatThrownBy(() -> new BcsReader(Hex.decode("808080808001")).uleb128()).hasMessageContaining("longer than 5");
    }

    @Test
    void truncationAndTrailingBytes() {
        assertThatThrownBy(() -> new BcsReader(new byte[7]).u64())
                .isInstanceOf(BcsException.class).hasMessageContaining("truncated input").hasMessageContaining("u64");
        assertThatThrownBy(() -> new BcsReader(Hex.decode("05aabb")).bytes()).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> new BcsReader(Hex.decode("ff0f")).vector(BcsReader::u8)).hasMessageContaining("vector count");
        BcsReader r = new BcsReader(Hex.decode("0102"));
        r.u8();
        assertThatThrownBy(r::finish).hasMessageContaining("trailing bytes: 1");
    }

    @Test
    void randomRoundTrip() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int i = 0; i < 500; i++) {
            BigInteger u128 = new BigInteger(128, rnd);
            long u64 = rnd.nextLong() & Long.MAX_VALUE;
            long len = rnd.nextInt() & 0xFFFF_FFFFL;
            byte[] enc = new BcsWriter().u128(u128).u64(u64).uleb128(len).toByteArray();
            BcsReader r = new BcsReader(enc);
            assertThat(r.u128()).as("seed %d", seed).isEqualTo(u128);
            assertThat(r.u64()).as("seed %d", seed).isEqualTo(u64);
            assertThat(r.uleb128()).as("seed %d", seed).isEqualTo(len);
            r.finish();
        }
    }
}
