package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The error shape of every answer: {@code {"error": {"code", "message", "field"[, "limit"]}}}. */
public final class ErrorJson {

    private ErrorJson() {
    }

    /** Writes {@code "error": {...}} into an open object. */
    public static void writeErrorField(ApiException e, JsonGenerator g) throws IOException {
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
    }

    /** The whole error answer, with the exception's status and headers. */
    static ApiResponse response(ApiException e, JsonFactory factory) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            writeErrorField(e, g);
            g.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return new ApiResponse(e.status(), ApiResponse.JSON, out.toString().getBytes(StandardCharsets.UTF_8),
                e.headers());
    }
}
