package io.hyperperp.jdbc.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(FreshDatabase.class)
class DecimalsRoundTripIT {

    private static final long SEED = 0x5EED_2026L;

    @ParameterizedTest(name = "scale {0}")
    @ValueSource(ints = {0, 8, 18})
    void scaledLongsSurviveNumericColumnsExactly(int scale, DatabaseConfig config) {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 10L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE - 1, 999_999_999_999_999_999L, 100_000_000L));
        Random random = new Random(SEED + scale);
        for (int i = 0; i < 200; i++) {
            values.add(random.nextLong());
        }
        try (Database db = Database.start(config)) {
            db.jdbi().useTransaction(h -> {
                h.execute("INSERT INTO markets (market_id, symbol, price_decimals, size_decimals)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", scale, "M" + scale, scale, scale);
                PreparedBatch batch = h.prepareBatch("INSERT INTO positions (user_address, market_id, size)"
                        + " VALUES (:user, :market, :size)");
                for (int i = 0; i < values.size(); i++) {
                    batch.bind("user", "u" + i).bind("market", scale)
                            .bind("size", Decimals.toBigDecimal(values.get(i), scale)).add();
                }
                batch.execute();
                for (int i = 0; i < values.size(); i++) {
                    long expected = values.get(i);
                    BigDecimal stored = h.createQuery("SELECT size FROM positions WHERE user_address = :u"
                                    + " AND market_id = :m")
                            .bind("u", "u" + i).bind("m", scale).mapTo(BigDecimal.class).one();
                    assertThat(stored).as("seed %d, value %d", SEED + scale, expected)
                            .isEqualByComparingTo(Decimals.toBigDecimal(expected, scale));
                    assertThat(Decimals.toScaledLong(stored, scale)).isEqualTo(expected);
                }
            });
        }
    }

    @Test
    void numericKeepsEighteenDecimalsWithoutRounding(DatabaseConfig config) {
        try (Database db = Database.start(config)) {
            String text = db.jdbi().withHandle(h -> h.createQuery("SELECT (CAST(:v AS numeric) * 1)::text")
                    .bind("v", Decimals.toBigDecimal(Long.MAX_VALUE, 18)).mapTo(String.class).one());
            assertThat(text).isEqualTo("9.223372036854775807");
        }
    }
}
