package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} read a whole line before refusing it for its length (session 16's leftover): a line near a
 * gigabyte ran the JVM out of memory, one past what a string holds always did. Lines are read up to a bound now.
 */
class LineReaderTest {

    @TempDir
    Path dir;

    /** A line longer than a Java string can hold: refused by its line number, and the next line still read. */
    @Test
    void aLineLongerThanAStringCanHoldIsSkippedNotHeld() throws IOException {
        long length = Integer.MAX_VALUE + 10L;
        try (LineReader in = new LineReader(new LongLineReader(length, "after"), 65_536)) {
            assertThat(in.readLine()).isEmpty();
            assertThat(in.tooLong()).isTrue();
            assertThat(in.readLine()).isEqualTo("after");
            assertThat(in.tooLong()).isFalse();
            assertThat(in.readLine()).isNull();
        }
    }

    /** The same lines as BufferedReader for every terminator, also across the 64 Ki-character buffer's refills. */
    @Test
    void linesAreThoseOfABufferedReader() throws IOException {
        String filler = "x".repeat(65_530);
        String text = "a\nb\r\nc\rd\n\n\r\n\re" + filler + "\r\n" + filler + "yz\n" + "q".repeat(200_000) + "\rlast";
        for (int bound : new int[] {Integer.MAX_VALUE, 300_000}) {
            assertThat(lines(new LineReader(new StringReader(text), bound))).isEqualTo(buffered(text));
        }
        assertThat(lines(new LineReader(new StringReader("one\r"), 10))).containsExactly("one");
        assertThat(lines(new LineReader(new StringReader(""), 10))).isEmpty();
    }

    @Test
    void aLineAtTheBoundIsKeptAndOnePastItIsNot() throws IOException {
        String text = "x".repeat(70_000) + "\n" + "y".repeat(70_001) + "\r\n" + "z".repeat(70_001);
        try (LineReader in = new LineReader(new StringReader(text), 70_000)) {
            assertThat(in.readLine()).hasSize(70_000);
            assertThat(in.readLine()).isEmpty();
            assertThat(in.tooLong()).isTrue();
            assertThat(in.readLine()).isEmpty();
            assertThat(in.tooLong()).isTrue();
            assertThat(in.readLine()).isNull();
        }
    }

    /** The replay names the long line with its number and replays the others (a bound set low for the test). */
    @Test
    void replayRefusesALongLineByItsNumberAndGoesOn() throws IOException {
        String place = "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\","
                + "\"price\":\"30000.0\",\"size\":\"1.0\"}";
        Path log = dir.resolve("long.jsonl");
        Files.writeString(log, place + "\n" + place.replace("{", "{" + " ".repeat(200)) + "\n"
                + place.replace("0xa11ce", "0xb0b").replace("sell", "buy") + "\n", StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        ReplaySummary summary = new ReplayRunner(new ReplayOptions(log, null, null, null, null, false),
                new PrintWriter(err), false, place.length() + 50).run();
        assertThat(err.toString()).isEqualTo("line 2: INVALID_JSON: line longer than " + (place.length() + 50)
                + " characters" + System.lineSeparator());
        assertThat(summary.commands()).isEqualTo(3);
        assertThat(summary.parseErrors()).isEqualTo(1);
        assertThat(summary.fills()).isEqualTo(1);
    }

    private static List<String> lines(LineReader in) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            out.add(l);
        }
        return out;
    }

    private static List<String> buffered(String text) throws IOException {
        return new BufferedReader(new StringReader(text)).lines().toList();
    }

    /** One line of {@code length} characters, then the given line, made up as they are read. */
    private static final class LongLineReader extends Reader {
        private long left;
        private final String after;
        private boolean afterSent;

        LongLineReader(long length, String after) {
            this.left = length;
            this.after = after;
        }

        @Override
        public int read(char[] into, int offset, int count) {
            if (left > 0) {
                int n = (int) Math.min(left, count);
                Arrays.fill(into, offset, offset + n, 'x');
                left -= n;
                return n;
            }
            if (afterSent) {
                return -1;
            }
            String rest = "\n" + after + "\n";
            rest.getChars(0, rest.length(), into, offset);
            afterSent = true;
            return rest.length();
        }

        @Override
        public void close() {
        }
    }
}
