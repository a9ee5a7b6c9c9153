package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.numeric.Decimals;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Binary COPY rows as PostgreSQL stores them: the same values the text format gives. */
@ExtendWith(FreshDatabase.class)
class CopyBinaryIT {

    private static final long SEED = 0x5EED_2614L;

    @Test
    void everyValueIsStoredAsItsTextFormWouldBe(DatabaseConfig config) throws Exception {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 10L, 9_999L, 10_000L, -10_001L, 100_000_000L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 999_999_999_999_999_999L));
        Random random = new Random(SEED);
        for (int i = 0; i < 300; i++) {
            values.add(random.nextInt(4) == 0 ? random.nextLong() : random.nextLong() >> random.nextInt(64));
        }
        int[] scales = {0, 1, 2, 3, 4, 5, 8, 9, 17, 18, 19, 25};
        String[] texts = {"0xb062", "", "tab\tnew\nline\\", "nul\0here", "é ü 中 😀", "\uD800 lone"};
        try (Database db = Database.start(config); Connection c = db.openDirectConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE t (k int, n numeric, scale int, b bigint, i integer, u uuid, x text,"
                        + " f boolean)");
            }
            CopyBinary copy = new CopyBinary();
            int k = 0;
            for (long v : values) {
                for (int scale : scales) {
                    copy.integer(k).decimal(v, scale).integer(scale).bigint(v).integer((int) v)
                            .uuid(new UUID(v, ~v)).text(texts[k % texts.length]).bool((k & 1) == 0).endRow();
                    k++;
                }
            }
            copy.integer(k).nul().nul().nul().nul().nul().nul().nul().endRow();
            assertThat(copy.copyInto(c, "COPY t FROM STDIN (FORMAT binary)")).isEqualTo(k + 1);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT k, n::text, scale, b, i, u::text, x, f FROM t ORDER BY k")) {
                int row = 0;
                for (long v : values) {
                    for (int scale : scales) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(row);
                        assertThat(rs.getString(2)).as("%d at scale %d", v, scale)
                                .isEqualTo(Decimals.toPlainString(v, scale));
                        assertThat(rs.getInt(3)).isEqualTo(scale);
                        assertThat(rs.getLong(4)).isEqualTo(v);
                        assertThat(rs.getInt(5)).isEqualTo((int) v);
                        assertThat(rs.getString(6)).isEqualTo(new UUID(v, ~v).toString());
                        String text = texts[row % texts.length];
                        String utf8 = new String(text.replace('\0', '\uFFFD').getBytes(StandardCharsets.UTF_8),
                                StandardCharsets.UTF_8); // a lone surrogate becomes '?'
                        assertThat(rs.getString(7)).isEqualTo(utf8);
                        assertThat(rs.getBoolean(8)).isEqualTo((row & 1) == 0);
                        row++;
                    }
                }
                assertThat(rs.next()).isTrue();
                for (int col = 2; col <= 8; col++) {
                    assertThat(rs.getObject(col)).isNull();
                }
                assertThat(rs.next()).isFalse();
            }
        }
    }
}
