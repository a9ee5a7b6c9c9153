package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Array literals keep every element as data: quotes, backslashes, braces, commas and the word NULL. */
class ArrayTextTest {

    @Test
    void quotesEveryElementAndEscapesQuotesAndBackslashes() {
        assertThat(ArrayText.of(List.of())).isEqualTo("{}");
        assertThat(ArrayText.of(Arrays.asList("0xa11ce", null, "", "NULL", 12L, "1.50")))
                .isEqualTo("{\"0xa11ce\",NULL,\"\",\"NULL\",\"12\",\"1.50\"}");
        assertThat(ArrayText.of(List.of("a\"b", "c\\d", "{e,f}", " g ")))
                .isEqualTo("{\"a\\\"b\",\"c\\\\d\",\"{e,f}\",\" g \"}");
        assertThat(ArrayText.of(List.of("x\0y"))).isEqualTo("{\"x\uFFFDy\"}");
    }
}
