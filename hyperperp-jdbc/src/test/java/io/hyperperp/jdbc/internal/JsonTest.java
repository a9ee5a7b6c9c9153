package io.hyperperp.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static String field(String value) {
        return new Json().field("k", value).end();
    }

    @Test
    void plainTextIsCopiedAsIs() {
        assertEquals("{\"k\":\"0xb01f\"}", field("0xb01f"));
        assertEquals("{\"k\":\"\"}", field(""));
        assertEquals("{\"k\":null}", field(null));
        assertEquals("{\"k\":\"é€\"}", field("é€"));
    }

    @Test
    void escapesWhereverTheyFall() {
        assertEquals("{\"k\":\"\\\"a\"}", field("\"a"));
        assertEquals("{\"k\":\"a\\\\b\"}", field("a\\b"));
        assertEquals("{\"k\":\"ab\\\"\"}", field("ab\""));
        assertEquals("{\"k\":\"a\\u000ab\\u001f\"}", field("a\nb\u001f"));
        assertEquals("{\"k\":\"x\uFFFDy\"}", field("x\u0000y"));
    }

    @Test
    void fieldsAreSeparated() {
        assertEquals("{\"a\":1,\"b\":true,\"c\":\"d\"}", new Json().field("a", 1).field("b", true).field("c", "d").end());
    }
}
