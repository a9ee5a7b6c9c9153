package io.hyperperp.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reading a command log line by line when some lines may hold bytes that are not UTF-8. A strict decoder
 * would end the whole read at the first such byte; U+FFFD would let the bytes quietly become part of a
 * value (a deposit id). Instead they decode to a lone low surrogate, which well-formed UTF-8 never
 * yields, so the line holding them can be told apart and refused on its own.
 */
public final class Utf8Lines {

    /** What bytes that are not UTF-8 decode to: no valid UTF-8 sequence decodes to a lone surrogate. */
    private static final String BROKEN = "\uDFFF";

    /** How a line holding bytes that are not UTF-8 is reported, after its code. */
    public static final String NOT_UTF8 = "not valid UTF-8";

    private Utf8Lines() {
    }

    /** A reader of {@code in} whose lines show bytes that are not UTF-8 to {@link #isBroken}. */
    public static BufferedReader reader(InputStream in) {
        return new BufferedReader(decoded(in), 1 << 16);
    }

    /** The characters of {@code in}, with bytes that are not UTF-8 shown to {@link #isBroken}. */
    public static Reader decoded(InputStream in) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(BROKEN);
        return new InputStreamReader(in, decoder);
    }

    /** Whether {@code line}, read by {@link #reader}, held bytes that are not UTF-8. */
    public static boolean isBroken(String line) {
        return line.contains(BROKEN);
    }
}
