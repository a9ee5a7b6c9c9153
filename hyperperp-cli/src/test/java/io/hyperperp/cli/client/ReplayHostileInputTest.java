package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.server.HyperperpServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command logs and markets files that are not valid UTF-8: a line-numbered error, never a bare decoder message. */
class ReplayHostileInputTest {

    @TempDir
    Path dir;

    private Path logWithABrokenLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\","
                + "\"price\":\"30000.0\",\"size\":\"1.0\"}\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}', '\n'});
        bytes.writeBytes(("{\"op\":\"place\",\"timestamp\":2,\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\","
                + "\"price\":\"30000.0\",\"size\":\"1.0\"}\n").getBytes(StandardCharsets.UTF_8));
        Path log = dir.resolve("broken.jsonl");
        Files.write(log, bytes.toByteArray());
        return log;
    }

    /**
     * {@code replay --server} said "not a JSON object" for every line the JSON parser refused: for a key given twice,
     * a NUL after the object, and a line of 100,000 characters, where the local replay says why (session 16). Both
     * now give the same reason for each line, and send the good line after them.
     */
    @Test
    void replayToAServerSaysWhyALineIsNotJsonAsTheLocalReplayDoes() throws Exception {
        String good = "{\"op\":\"cancel_all\",\"timestamp\":5,\"user_address\":\"0xa11ce\"}";
        Path log = dir.resolve("malformed.jsonl");
        Files.writeString(log, "{\"op\":\"cancel_all\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,"
                + "\"market_id\":2}\n"
                + good.replace("}", "}\u0000") + "\n"
                + "{\"op\":\"deposit\",\"deposit_id\":\"" + "a".repeat(100_000) + "\"}\n"
                + good + "\n", StandardCharsets.UTF_8);
        Cli offline = Cli.run("replay", "--commands", log.toString());
        assertThat(offline.err()).as(offline.toString())
                .contains("line 1: INVALID_JSON: malformed JSON: Duplicate field 'market_id'")
                .contains("line 2: INVALID_JSON: malformed JSON: Illegal character ((CTRL-CHAR, code 0))")
                .contains("line 3: INVALID_JSON: line longer than 65536 characters")
                .doesNotContain("line 4");
        try (HyperperpServer s = Cli.server(Map.of())) {
            Cli r = Cli.run("replay", "--commands", log.toString(), "--server", s.uri().toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).as(r.toString())
                    .contains("line 1: INVALID_JSON: malformed JSON: Duplicate field 'market_id'")
                    .contains("line 2: INVALID_JSON: malformed JSON: Illegal character ((CTRL-CHAR, code 0))")
                    .contains("line 3: INVALID_JSON: line longer than 65536 characters")
                    .doesNotContain("line 4");
            assertThat(r.json().get("parse_errors").asInt()).as(r.toString()).isEqualTo(3);
            assertThat(r.json().get("sent").asInt()).as(r.toString()).isEqualTo(1);
        }
    }

    /** A markets file beginning with a byte order mark was "malformed JSON: Unexpected character (code 65279)". */
    @Test
    void aMarketsFileBeginningWithAByteOrderMarkIsRead() throws Exception {
        Path markets = dir.resolve("bom-markets.json");
        Files.writeString(markets, "\uFEFF{\"markets\":[{\"market_id\":1,\"symbol\":\"ETH-USD\",\"price_decimals\":2,"
                + "\"size_decimals\":4}]}", StandardCharsets.UTF_8);
        Path log = dir.resolve("one.jsonl");
        Files.writeString(log, "{\"op\":\"cancel_all\",\"timestamp\":1,\"user_address\":\"0xa11ce\"}\n");
        Cli r = Cli.run("replay", "--commands", log.toString(), "--markets", markets.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().get("commands").asInt()).as(r.toString()).isEqualTo(1);
    }

    /** It stopped at the bad bytes with "cannot read commands file ...: Input length = 1" (exit 1). */
    @Test
    void replayToAServerReportsTheBrokenLineAndSendsTheOthers() throws Exception {
        Path log = logWithABrokenLine();
        try (HyperperpServer s = Cli.server(Map.of())) {
            Cli r = Cli.run("replay", "--commands", log.toString(), "--server", s.uri().toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("line 2: INVALID_JSON");
            assertThat(r.json().get("sent").asInt()).as(r.toString()).isEqualTo(2);
            assertThat(r.json().get("fills").asInt()).as(r.toString()).isEqualTo(1);
        }
        Cli offline = Cli.run("replay", "--commands", log.toString());
        assertThat(offline.exitCode()).as(offline.toString()).isZero();
        assertThat(offline.err()).contains("line 2: INVALID_JSON");
    }

    /**
     * Bytes that are not UTF-8 inside a string became U+FFFD: the deposit was booked under an id the file
     * never held. The line is refused like any malformed line; a U+FFFD written as UTF-8 is still a character.
     */
    @Test
    void aDepositIdWithBytesThatAreNotUtf8IsRefusedNotBooked() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"op\":\"deposit\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"amount\":\"1000\",\"deposit_id\":\"d"
                .getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xff, '"', '}', '\n'});
        bytes.writeBytes(("{\"op\":\"deposit\",\"timestamp\":2,\"user_address\":\"0xb0b\",\"amount\":\"7\","
                + "\"deposit_id\":\"d\uFFFD\"}\n").getBytes(StandardCharsets.UTF_8));
        Path log = dir.resolve("deposits.jsonl");
        Files.write(log, bytes.toByteArray());

        Cli offline = Cli.run("replay", "--commands", log.toString());
        assertThat(offline.exitCode()).as(offline.toString()).isZero();
        assertThat(offline.err()).contains("line 1: INVALID_JSON").contains("not valid UTF-8")
                .doesNotContain("line 2");
        assertThat(offline.json().get("parse_errors").asInt()).as(offline.toString()).isEqualTo(1);
        Cli strict = Cli.run("replay", "--strict", "--commands", log.toString());
        assertThat(strict.exitCode()).as(strict.toString()).isNotZero();
        assertThat(strict.err()).contains("line 1: INVALID_JSON");

        try (HyperperpServer s = Cli.server(Map.of())) {
            Cli r = Cli.run("replay", "--commands", log.toString(), "--server", s.uri().toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("line 1: INVALID_JSON").contains("not valid UTF-8");
            // the good deposit is skipped (a server books deposits from its admin routes), the broken one refused
            assertThat(r.json().get("parse_errors").asInt()).as(r.toString()).isEqualTo(1);
            assertThat(r.json().get("skipped").asInt()).as(r.toString()).isEqualTo(1);
        }
    }

    @Test
    void aMarketsFileThatIsNotUtf8IsNamedSo() throws Exception {
        Path markets = dir.resolve("markets.json");
        Files.write(markets, new byte[] {'{', (byte) 0xc3, '}'});
        Cli r = Cli.run("replay", "--commands", logWithABrokenLine().toString(), "--markets", markets.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("markets.json").contains("is not UTF-8 text").doesNotContain("Input length");
    }

    /**
     * Session 26's pass over the CLI with hostile files and options: a gzip log cut short said only "I/O error:
     * Unexpected end of ZLIB input stream", a markets file cut short quoted the parser's redacted source, a server
     * URL on port 99999 was a run-time "port out of range" (exit 1, not a usage error), a key file in a missing
     * directory was named without a reason, and {@code bench --generate 0} measured nothing and exited 0.
     */
    @Test
    void filesAndOptionsCutShortOrOutOfRangeSayWhy() throws Exception {
        Path gz = dir.resolve("cut.jsonl.gz");
        Files.write(gz, new byte[] {0x1f, (byte) 0x8b, 8, 0, 'x', 'y'});
        Cli cut = Cli.run("replay", "--commands", gz.toString());
        assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(cut.err()).contains("gzip data is truncated or corrupt");

        Path log = logWithABrokenLine();
        Path markets = dir.resolve("cut-markets.json");
        Files.writeString(markets, "{\"markets\":[");
        Cli m = Cli.run("replay", "--commands", log.toString(), "--markets", markets.toString());
        assertThat(m.exitCode()).as(m.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(m.err()).contains("malformed JSON").contains("line: 1, column: 12").doesNotContain("Source:");

        Cli port = Cli.run("replay", "--commands", log.toString(), "--server", "http://127.0.0.1:99999");
        assertThat(port.exitCode()).as(port.toString()).isEqualTo(2);
        assertThat(port.err()).contains("--server must be an http:// or https:// URL");

        Cli key = Cli.run("keygen", "--out", dir.resolve("missing").resolve("key").toString());
        assertThat(key.exitCode()).as(key.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(key.err()).contains("cannot write key file").contains("its directory does not exist");

        Cli none = Cli.run("bench", "--generate", "0");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).contains("--generate must be positive");
    }
}
