package io.hyperperp.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Reads lines (ended by {@code \n}, {@code \r} or {@code \r\n}, as {@link java.io.BufferedReader}
 * does) up to a bound: a longer line is read to its end but not kept, so a command log with a line
 * of a gigabyte (or more than a string can hold) is refused by its line number instead of running
 * the JVM out of memory. Such a line is returned as an empty string with {@link #tooLong()} true.
 */
public final class LineReader implements Closeable {

    private static final int BUFFER_CHARS = 1 << 16;

    private final Reader in;
    private final int maxChars;
    private final boolean readsPastBound;
    private final char[] buffer = new char[BUFFER_CHARS];
    private int position;
    private int limit;
    /** A line that spans refills of {@link #buffer}, up to {@link #maxChars}. */
    private char[] pieces = new char[256];
    private boolean skipNewline;
    private boolean tooLong;

    /**
     * @param in       the characters
     * @param maxChars longest line kept, in characters
     */
    public LineReader(Reader in, int maxChars) {
        this(in, maxChars, true);
    }

    /**
     * @param readsPastBound whether a line past the bound is read to its end (a file: the next line
     *                       is read next) or left where the bound was reached (a stream that might
     *                       never end the line: the caller stops reading)
     */
    public LineReader(Reader in, int maxChars, boolean readsPastBound) {
        this.in = in;
        this.maxChars = maxChars;
        this.readsPastBound = readsPastBound;
    }

    /** Lines of {@code in} read by {@link Utf8Lines#reader}'s decoding, at most {@code maxChars} long. */
    public static LineReader utf8(InputStream in, int maxChars) {
        return new LineReader(Utf8Lines.decoded(in), maxChars);
    }

    /** The next line without its terminator, "" for a line past the bound, or null at the end. */
    public String readLine() throws IOException {
        tooLong = false;
        int kept = 0;
        boolean started = false;
        boolean over = false;
        while (true) {
            if (position >= limit && !fill()) {
                if (!started) {
                    return null;
                }
                return end(kept, over);
            }
            if (skipNewline) {
                skipNewline = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            int i = start;
            char[] b = buffer;
            int end = limit;
            while (i < end) {
                char c = b[i];
                if (c == '\n' || c == '\r') {
                    break;
                }
                i++;
            }
            int length = i - start;
            position = i;
            started = true;
            if (i < end) {
                skipNewline = b[i] == '\r';
                position = i + 1;
                if (kept == 0 && !over && length <= maxChars) {
                    // The common case: the whole line is in the buffer.
                    return new String(b, start, length);
                }
            }
            if (!over) {
                if ((long) kept + length > maxChars) {
                    if (!readsPastBound) {
                        tooLong = true;
                        return "";
                    }
                    over = true;
                    kept = 0;
                } else {
                    keep(b, start, length, kept);
                    kept += length;
                }
            }
            if (i < end) {
                return end(kept, over);
            }
        }
    }

    /** How a line past the bound is refused (the words the local and the server replay share). */
    public static String tooLongReason(int maxChars) {
        return "line longer than " + maxChars + " characters";
    }

    /** Whether the line last returned was past the bound (and returned empty). */
    public boolean tooLong() {
        return tooLong;
    }

    private String end(int kept, boolean over) {
        tooLong = over;
        return over ? "" : new String(pieces, 0, kept);
    }

    private void keep(char[] from, int start, int length, int kept) {
        if (kept + length > pieces.length) {
            char[] bigger = new char[(int) Math.min(maxChars, Math.max(2L * pieces.length, (long) kept + length))];
            System.arraycopy(pieces, 0, bigger, 0, kept);
            pieces = bigger;
        }
        System.arraycopy(from, start, pieces, kept, length);
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
