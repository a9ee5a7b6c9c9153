package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.server.json.JsonBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writes JSON answers straight to UTF-8 bytes into buffers reused from request to request: a batch's
 * answer is tens of kilobytes, which a new buffer would grow to by copying itself over and over. At most
 * one buffer per exchange in flight is kept (a few dozen at peak).
 */
final class AnswerBuffers {

    /** Larger buffers are dropped after use: one huge answer must not pin its memory. */
    private static final int MAX_KEPT = 256 * 1024;

    private final JsonFactory factory;
    private final Queue<Buffer> free = new ConcurrentLinkedQueue<>();
    private final Queue<JsonBytes> freeBytes = new ConcurrentLinkedQueue<>();

    AnswerBuffers(JsonFactory factory) {
        this.factory = factory;
    }

    /** The JSON the writer produces, as bytes. */
    byte[] write(RouteSupport.JsonWriter writer) {
        Buffer out = free.poll();
        if (out == null) {
            out = new Buffer();
        }
        try (JsonGenerator g = factory.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        if (out.capacity() <= MAX_KEPT) {
            out.reset();
            free.offer(out);
        }
        return bytes;
    }

    /** The JSON the writer writes into a reused {@link JsonBytes}, as bytes. */
    byte[] writeBytes(BytesWriter writer) {
        JsonBytes out = freeBytes.poll();
        if (out == null) {
            out = new JsonBytes(4_096);
        }
        try {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        if (out.capacity() <= MAX_KEPT) {
            out.reset();
            freeBytes.offer(out);
        }
        return bytes;
    }

    /** Writes JSON into a {@link JsonBytes}. */
    @FunctionalInterface
    interface BytesWriter {
        /** Writes JSON. */
        void write(JsonBytes out) throws IOException;
    }

    /** A byte stream whose array outlives the answer. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer() {
            super(4_096);
        }

        int capacity() {
            return buf.length;
        }
    }
}
