package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.json.JsonBytes;
import io.hyperperp.server.json.JsonFactories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorJsonTest {

    /** The error field as the generator wrote it before it was written once for both writers. */
    private static byte[] generatorBytes(ApiException e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonFactories.shared().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", e.code());
            g.writeStringField("message", e.getMessage() == null ? e.code() : e.getMessage());
            if (e.field() == null) {
                g.writeNullField("field");
            } else {
                g.writeStringField("field", e.field());
            }
            if (e.limit() != null) {
                g.writeObjectFieldStart("limit");
                g.writeStringField("name", e.limit().name());
                g.writeStringField("value", e.limit().value());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    @Test
    void theErrorFieldIsTheSameBytesThroughEitherWriter() throws IOException {
        List<ApiException> errors = List.of(
                ApiException.badRequest("INVALID_FIELD", "must be \"buy\" or \"sell\"\n\u0001 caf\u00e9", "side"),
                ApiException.badRequest("INVALID_JSON", "expected {\"orders\": [...]}", null),
                new ApiException(503, "OVERLOADED", "the engine queue is full; retry", null, Map.of("Retry-After", "1")),
                new ApiException(404, "NOT_FOUND", null),
                new ApiException(413, "BODY_TOO_LARGE", "body over the limit", "body",
                        new ApiException.Limit("server.max_body_bytes", "1048576")));
        JsonBytes out = new JsonBytes(8);
        for (ApiException e : errors) {
            out.reset();
            out.startObject();
            ErrorJson.writeErrorField(e, out);
            out.endObject();
            assertThat(out.toByteArray()).as(e.code()).isEqualTo(generatorBytes(e));

            ByteArrayOutputStream viaGenerator = new ByteArrayOutputStream();
            try (JsonGenerator g = JsonFactories.shared().createGenerator(viaGenerator)) {
                g.writeStartObject();
                ErrorJson.writeErrorField(e, g);
                g.writeEndObject();
            }
            assertThat(viaGenerator.toByteArray()).as(e.code()).isEqualTo(generatorBytes(e));
        }
    }
}
