package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Array literals as PostgreSQL reads them under each statement's cast: every element back as it was sent. */
@ExtendWith(FreshDatabase.class)
class ArrayLiteralIT {

    @Test
    void elementsComeBackAsSent(DatabaseConfig config) throws Exception {
        String[] texts = {"0xb062", "", "NULL", null, "a,b", "{x}", "\"q\"", "back\\slash", " spaced ", "tab\tnew\nline",
                "é ü 中 😀"};
        Object[] numerics = {"0", "-1.50", "123456789012345678.000000001", null, "1e3"};
        Object[] bigints = {0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, null, 7};
        UUID id = new UUID(0x0123456789abcdefL, 0xfedcba9876543210L);
        Object[] uuids = {id.toString(), null};
        try (Database db = Database.start(config); Connection c = db.openDirectConnection()) {
            assertThat(roundTrip(c, "text", texts)).containsExactly(texts);
            assertThat(roundTrip(c, "numeric", numerics)).containsExactly("0", "-1.50",
                    "123456789012345678.000000001", null, "1000");
            assertThat(roundTrip(c, "bigint", bigints)).containsExactly("0", "-1", Long.toString(Long.MAX_VALUE),
                    Long.toString(Long.MIN_VALUE), null, "7");
            assertThat(roundTrip(c, "uuid", uuids)).containsExactly(id.toString(), null);
        }
    }

    /** Sends {@code elements} as {@code ?::type[]} and reads each element back as text, in order. */
    private static List<String> roundTrip(Connection c, String type, Object[] elements) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT v::text FROM unnest(?::" + type + "[]) WITH ORDINALITY AS t(v, n) ORDER BY n")) {
            ArrayLiteral.bind(ps, 1, Arrays.asList(elements));
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
