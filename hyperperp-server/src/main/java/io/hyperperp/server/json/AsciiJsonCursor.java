package io.hyperperp.server.json;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A position in a JSON body of bytes and the strict steps the byte-level readers share ({@link FlatObjectScanner},
 * {@link PlainOrderReader}): whitespace, a string of printable ASCII without escapes, a known name, a literal, an
 * integer of at most 18 digits without a leading zero. Each step refuses (returns -1, false) what it leaves to
 * Jackson instead of reading it differently.
 */
abstract class AsciiJsonCursor {

    /** Longer bodies go to Jackson: an order is a few hundred bytes. */
    static final int MAX_BODY = 4096;

    private static final int MAX_DIGITS = 18;

    final byte[] b;
    int at;
    /** The value of the last {@link #integer()} that succeeded. */
    long number;

    AsciiJsonCursor(byte[] body) {
        this.b = body;
    }

    /**
     * Where the string starting at {@code start} ends; -1 when it has a byte this reader leaves to Jackson
     * (an escape, a control character, DEL, anything not ASCII) or no end.
     */
    final int closingQuote(int start) {
        for (int i = start; i < b.length; i++) {
            int x = b[i];
            if (x == '"') {
                return i;
            }
            if (x < 0x20 || x == '\\' || x == 0x7f) { // negative: not ASCII
                return -1;
            }
        }
        return -1;
    }

    /**
     * The index in {@code known} (names of a few bytes, none empty) of the bytes {@code [start, end)}, or -1. Compared
     * byte by byte after the length and the first byte: for names this short a call to the vectorised
     * {@code Arrays.equals} per candidate cost more than the compare (the fast path's profile).
     */
    final int find(byte[][] known, int start, int end) {
        int length = end - start;
        for (int k = 0; k < known.length; k++) {
            byte[] name = known[k];
            if (name.length == length && name[0] == b[start] && same(name, start)) {
                return k;
            }
        }
        return -1;
    }

    private boolean same(byte[] name, int start) {
        for (int i = 1; i < name.length; i++) {
            if (name[i] != b[start + i]) {
                return false;
            }
        }
        return true;
    }

    /** The literal {@code word} at the position, followed by a delimiter: read past it; false otherwise. */
    final boolean literal(String word) {
        int end = at + word.length();
        if (end > b.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[at + i] != word.charAt(i)) {
                return false;
            }
        }
        at = end;
        return delimiterNext();
    }

    /**
     * An optional minus and 1-18 digits without a leading zero, followed by a delimiter: read into
     * {@link #number}; false otherwise.
     */
    final boolean integer() {
        boolean negative = b[at] == '-';
        int i = negative ? at + 1 : at;
        int start = i;
        long value = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            value = value * 10 + (b[i] - '0');
            i++;
        }
        int digits = i - start;
        // A leading zero (and -0) is Jackson's to refuse or read.
        if (digits == 0 || digits > MAX_DIGITS || (b[start] == '0' && (digits > 1 || negative))) {
            return false;
        }
        at = i;
        number = negative ? -value : value;
        return delimiterNext();
    }

    /** True when {@code c} may start an integer: a minus or a digit. */
    static boolean integerStart(int c) {
        return c == '-' || (c >= '0' && c <= '9');
    }

    /** True when a value ends here: whitespace, a comma, a closing brace, or the end (found wrong later). */
    final boolean delimiterNext() {
        if (at == b.length) {
            return true;
        }
        int c = b[at];
        return c == ',' || c == '}' || isSpace(c);
    }

    /** Skips JSON whitespace; the next byte (unsigned), or -1 at the end. */
    final int skipSpace() {
        while (at < b.length && isSpace(b[at])) {
            at++;
        }
        return at < b.length ? b[at] & 0xff : -1;
    }

    /** After the closing brace at the position: true when only whitespace follows. */
    final boolean endsAfterBrace() {
        at++;
        return skipSpace() == -1;
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    static byte[][] ascii(List<String> texts) {
        byte[][] out = new byte[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = texts.get(i).getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
