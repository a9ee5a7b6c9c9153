package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.json.JsonBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes JSON answers straight to UTF-8 bytes into buffers reused from request to request: a batch's
 * answer is tens of kilobytes, which a new buffer would grow to by copying itself over and over. The
 * answer is sent from the buffer itself, which comes back to the pool when the answer's release runs
 * (after the send). At most one buffer per exchange in flight is kept, up to {@link #SLOTS} of each kind; beyond
 * that an answer gets a buffer of its own.
 */
final class AnswerBuffers {

    /** Larger buffers are dropped after use: one huge answer must not pin its memory. */
    private static final int MAX_KEPT = 256 * 1024;
    /**
     * Buffers kept of each kind: more than the exchanges in flight at peak. After a pause, every connection of an
     * open-loop client can hold an answer at once (128 in the HTTP benchmark's p99 runs); with 64 slots the pool's
     * overflow branch, never taken while the JIT compiled the order route, was then taken for the first time, and
     * its uncommon trap sent the whole compiled route back to the interpreter for about 300 ms while it was
     * recompiled (docs/benchmarks.md, "Session 13: p99 at 70%").
     */
    private static final int SLOTS = 256;

    private final JsonFactory factory;
    private final SlotPool<GeneratorSlot> freeStreams = new SlotPool<>(SLOTS, GeneratorSlot::new);
    private final SlotPool<BytesSlot> freeBytes = new SlotPool<>(SLOTS, BytesSlot::new);

    AnswerBuffers(JsonFactory factory) {
        this.factory = factory;
    }

    /** A JSON answer written by Jackson's generator, sent from a reused buffer. */
    ApiResponse write(int status, RouteSupport.JsonWriter writer) {
        GeneratorSlot slot = freeStreams.take();
        try (JsonGenerator g = factory.createGenerator(slot.out)) {
            writer.write(g);
        } catch (IOException e) {
            slot.release.run();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            slot.release.run();
            throw e;
        }
        return new ApiResponse(status, ApiResponse.JSON, slot.out.array(), slot.out.size(), Map.of(), slot.release);
    }

    /** A JSON answer written into a reused {@link JsonBytes}, sent from its buffer. */
    ApiResponse writeBytes(int status, BytesWriter writer) {
        BytesSlot slot = freeBytes.take();
        try {
            writer.write(slot.out);
        } catch (IOException e) {
            slot.release.run();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            slot.release.run();
            throw e;
        }
        return new ApiResponse(status, ApiResponse.JSON, slot.out.buffer(), slot.out.size(), Map.of(), slot.release);
    }

    /** Writes JSON into a {@link JsonBytes}. */
    @FunctionalInterface
    interface BytesWriter {
        /** Writes JSON. */
        void write(JsonBytes out) throws IOException;
    }

    /** A pooled {@link JsonBytes} with its release, made once so an answer allocates neither. */
    private final class BytesSlot {
        final JsonBytes out = new JsonBytes(4_096);
        final Runnable release;

        BytesSlot(int slot) {
            release = () -> {
                boolean keep = out.capacity() <= MAX_KEPT;
                out.reset();
                freeBytes.giveBack(slot, keep);
            };
        }
    }

    /** A pooled generator target with its release. */
    private final class GeneratorSlot {
        final Buffer out = new Buffer();
        final Runnable release;

        GeneratorSlot(int slot) {
            release = () -> {
                boolean keep = out.capacity() <= MAX_KEPT;
                out.reset();
                freeStreams.giveBack(slot, keep);
            };
        }
    }

    /** A byte stream whose array outlives the answer and is sent without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer() {
            super(4_096);
        }

        int capacity() {
            return buf.length;
        }

        /** The array itself: the first {@link #size()} bytes are what was written. */
        byte[] array() {
            return buf;
        }
    }
}
