package io.hyperperp.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayLiteralTest {

    @Test
    void numbersBareStringsQuotedNullsAsNull() {
        assertEquals("{7,-3,\"1.50\",NULL,\"\",\"NULL\"}",
                ArrayLiteral.of(new Object[] {7L, -3, "1.50", null, "", "NULL"}));
        assertEquals("{}", ArrayLiteral.of(new Object[0]));
        assertEquals("{\"0xb001\",\"0xb002\"}", ArrayLiteral.of(List.of("0xb001", "0xb002").toArray()));
    }

    @Test
    void quotesAndBackslashesEscapedWhereverTheyFall() {
        assertEquals("{\"\\\"a\",\"a\\\\b\",\"ab\\\"\",\"{x,y}\"}",
                ArrayLiteral.of(new Object[] {"\"a", "a\\b", "ab\"", "{x,y}"}));
    }

    @Test
    void otherTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ArrayLiteral.of(new Object[] {1.5}));
    }
}
