package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.json.JsonOut;
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
        writeErrorField(e, JsonOut.of(g));
    }

    /** Writes {@code "error": {...}} into an open object, wherever {@code out} writes. */
    public static void writeErrorField(ApiException e, JsonOut out) throws IOException {
        out.name("error");
        out.startObject();
        out.string("code", e.code());
        out.string("message", e.getMessage() == null ? e.code() : e.getMessage());
        out.string("field", e.field());
        if (e.limit() != null) {
            out.name("limit");
            out.startObject();
            out.string("name", e.limit().name());
            out.string("value", e.limit().value());
            out.endObject();
        }
        out.endObject();
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
