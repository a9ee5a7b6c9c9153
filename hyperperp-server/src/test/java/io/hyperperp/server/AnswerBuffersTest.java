package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.json.JsonFactories;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AnswerBuffersTest {

    private final AnswerBuffers buffers = new AnswerBuffers(JsonFactories.shared());

    private static String body(ApiResponse r) {
        return new String(Arrays.copyOf(r.body(), r.length()), StandardCharsets.UTF_8);
    }

    private ApiResponse small(String value) {
        return buffers.writeBytes(200, out -> {
            out.startObject();
            out.string("a", value);
            out.endObject();
        });
    }

    @Test
    void answersInFlightTogetherHaveTheirOwnBuffers() {
        ApiResponse first = small("one");
        ApiResponse second = small("two");

        assertThat(first.body()).isNotSameAs(second.body());
        assertThat(body(first)).isEqualTo("{\"a\":\"one\"}");
        assertThat(body(second)).isEqualTo("{\"a\":\"two\"}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo(ApiResponse.JSON);
    }

    @Test
    void aReleasedBufferServesTheNextAnswerWithoutKeepingTheOldBytes() {
        ApiResponse first = small("a longer first answer");
        byte[] array = first.body();
        first.release().run();

        ApiResponse next = small("b");

        assertThat(next.body()).isSameAs(array);
        assertThat(body(next)).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void generatorAnswersAreReusedTheSameWay() {
        ApiResponse first = buffers.write(400, g -> {
            g.writeStartObject();
            g.writeNumberField("n", 12);
            g.writeEndObject();
        });
        assertThat(first.status()).isEqualTo(400);
        assertThat(body(first)).isEqualTo("{\"n\":12}");
        byte[] array = first.body();
        first.release().run();

        ApiResponse next = buffers.write(200, g -> g.writeString("x"));

        assertThat(next.body()).isSameAs(array);
        assertThat(body(next)).isEqualTo("\"x\"");
    }

    @Test
    void aBufferGrownPastTheLimitIsDroppedAfterUse() {
        String huge = "x".repeat(300 * 1024);
        ApiResponse big = small(huge);
        assertThat(big.length()).isEqualTo(huge.length() + 8);
        byte[] array = big.body();
        big.release().run();

        ApiResponse next = small("b");

        assertThat(next.body()).isNotSameAs(array);
        assertThat(body(next)).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void aFailedWriteGivesItsBufferBack() {
        ApiResponse first = small("first");
        byte[] array = first.body();
        first.release().run();

        assertThatThrownBy(() -> buffers.writeBytes(200, out -> {
            out.startObject();
            throw new IllegalStateException("broken writer");
        })).hasMessage("broken writer");
        ApiResponse next = small("c");

        assertThat(next.body()).isSameAs(array);
        assertThat(body(next)).isEqualTo("{\"a\":\"c\"}");
    }

    @Test
    void aBodyLongerThanItsArrayIsRefused() {
        assertThatThrownBy(() -> new ApiResponse(200, ApiResponse.JSON, new byte[2], 3, java.util.Map.of(), () -> { }))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
