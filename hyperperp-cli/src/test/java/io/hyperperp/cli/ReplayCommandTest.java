package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Three fills (1.0 + 0.5 + 0.2 = 1.7), two parse errors, two engine rejects. */
    private static final List<String> LOG = List.of(
            "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\",\"price\":\"30000.0\",\"size\":\"1.0\",\"client_order_id\":\"s1\"}",
            "{\"op\":\"place\",\"timestamp\":2,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\",\"price\":\"30001.0\",\"size\":\"2.0\",\"client_order_id\":\"s2\"}",
            "{\"op\":\"place\",\"timestamp\":3,\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\",\"price\":\"30001.0\",\"size\":\"1.5\"}",
            "{\"op\":\"place\",\"timestamp\":4,\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\",\"price\":\"30000.000000001\",\"size\":\"1.0\"}",
            "{\"op\":\"place\",\"timestamp\":5,\"user_address\":\"0xca401\",\"market_id\":1,\"side\":\"buy\",\"price\":\"29000.0\",\"size\":\"0.00001\"}",
            "{\"op\":\"cancel\",\"timestamp\":6,\"user_address\":\"0xb0b\",\"market_id\":1,\"client_order_id\":\"x\"}",
            "",
            "not json",
            "{\"op\":\"place\",\"timestamp\":9,\"user_address\":\"0xda7e\",\"market_id\":1,\"side\":\"buy\",\"price\":\"29999.0\",\"size\":\"0.5\"}",
            "{\"op\":\"place\",\"timestamp\":10,\"user_address\":\"0xca401\",\"market_id\":1,\"side\":\"sell\",\"order_type\":\"market\",\"size\":\"0.2\"}");

    @TempDir
    Path dir;

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void replaysAndSummarises() throws Exception {
        Path log = write("log.jsonl", LOG);
        CliRun run = CliRun.of("replay", "--commands", log.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode s = MAPPER.readTree(run.out());
        assertThat(s.get("commands").asLong()).isEqualTo(9);
        assertThat(s.get("fills").asLong()).isEqualTo(3);
        assertThat(s.get("traded_size").asText()).isEqualTo("1.7");
        assertThat(s.get("traded_size_by_market").get("1").asText()).isEqualTo("1.7");
        assertThat(s.get("parse_errors").asLong()).isEqualTo(2);
        assertThat(s.get("rejected").asLong()).isEqualTo(4);
        assertThat(s.get("accepted").asLong()).isEqualTo(5);
        JsonNode reasons = s.get("rejected_by_reason");
        assertThat(reasons.size()).isEqualTo(4);
        assertThat(reasons.get("TOO_MANY_DECIMALS").asLong()).isEqualTo(1);
        assertThat(reasons.get("INVALID_JSON").asLong()).isEqualTo(1);
        assertThat(reasons.get("INVALID_LOT").asLong()).isEqualTo(1);
        assertThat(reasons.get("UNKNOWN_ORDER").asLong()).isEqualTo(1);
        assertThat(s.get("event_hash").asText()).hasSize(64).matches("[0-9a-f]+");
        assertThat(run.err()).contains("line 4: TOO_MANY_DECIMALS price").contains("line 8: INVALID_JSON");
        assertThat(run.err().lines()).hasSize(2);
    }

    @Test
    void sameLogSameHash() throws Exception {
        Path log = write("log.jsonl", LOG);
        String first = MAPPER.readTree(CliRun.of("replay", "--commands", log.toString()).out()).get("event_hash").asText();
        String second = MAPPER.readTree(CliRun.of("replay", "--commands", log.toString()).out()).get("event_hash").asText();
        assertThat(second).isEqualTo(first);
        Path other = write("other.jsonl", LOG.subList(0, 3));
        String third = MAPPER.readTree(CliRun.of("replay", "--commands", other.toString()).out()).get("event_hash").asText();
        assertThat(third).isNotEqualTo(first);
    }

    @Test
    void writesTradesEventsAndBook() throws Exception {
        Path log = write("log.jsonl", LOG);
        Path trades = dir.resolve("trades.jsonl");
        Path events = dir.resolve("events.jsonl");
        Path book = dir.resolve("book.json");
        CliRun run = CliRun.of("replay", "--commands", log.toString(), "--trades-out", trades.toString(),
                "--events-out", events.toString(), "--book-out", book.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = MAPPER.readTree(run.out());

        List<String> tradeLines = Files.readAllLines(trades);
        assertThat(tradeLines).hasSize(3);
        JsonNode firstTrade = MAPPER.readTree(tradeLines.get(0));
        assertThat(firstTrade.get("price").asText()).isEqualTo("30000.0");
        assertThat(firstTrade.get("size").asText()).isEqualTo("1.0");
        assertThat(firstTrade.get("taker_side").asText()).isEqualTo("buy");

        List<String> eventLines = Files.readAllLines(events);
        assertThat(eventLines).hasSize(summary.get("events").asInt());
        for (int i = 0; i < eventLines.size(); i++) {
            assertThat(MAPPER.readTree(eventLines.get(i)).get("sequence").asLong()).isEqualTo(i + 1);
        }

        JsonNode books = MAPPER.readTree(book.toFile());
        assertThat(books.size()).isEqualTo(1);
        JsonNode b = books.get(0);
        assertThat(b.get("market_id").asLong()).isEqualTo(1);
        assertThat(b.get("asks").size()).isEqualTo(1);
        assertThat(b.get("asks").get(0).get("price").asText()).isEqualTo("30001.0");
        assertThat(b.get("asks").get(0).get("size").asText()).isEqualTo("1.5");
        assertThat(b.get("asks").get(0).get("order_count").asInt()).isEqualTo(1);
        assertThat(b.get("bids").size()).isEqualTo(1);
        assertThat(b.get("bids").get(0).get("price").asText()).isEqualTo("29999.0");
        assertThat(b.get("bids").get(0).get("size").asText()).isEqualTo("0.3");
    }

    @Test
    void strictStopsAtTheFirstMalformedLine() throws Exception {
        Path log = write("log.jsonl", LOG);
        CliRun run = CliRun.of("replay", "--strict", "--commands", log.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: line 4: TOO_MANY_DECIMALS price");
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void missingFileIsOneClearLine() {
        Path missing = dir.resolve("missing.jsonl");
        CliRun run = CliRun.of("replay", "--commands", missing.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("error: commands file not found: " + missing);
        CliRun verbose = CliRun.of("replay", "--verbose", "--commands", missing.toString());
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.err()).contains("\tat io.hyperperp.cli.");
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRun run = CliRun.of("replay", "--commands", "x", "--no-such-flag");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-flag");
        assertThat(CliRun.of("replay").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(2);
        assertThat(CliRun.of().exitCode()).isEqualTo(2);
    }

    @Test
    void usesTheMarketsFile() throws Exception {
        Path markets = dir.resolve("markets.json");
        Files.writeString(markets, "{\"allow_unknown_markets\":false,\"markets\":[{\"market_id\":1,\"symbol\":\"BTC-USD\","
                + "\"price_decimals\":2,\"size_decimals\":4,\"tick_size\":\"0.5\",\"lot_size\":\"0.0001\"}]}");
        Path log = write("log.jsonl", List.of(
                "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\",\"price\":\"100.5\",\"size\":\"1\"}",
                "{\"op\":\"place\",\"timestamp\":2,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\",\"price\":\"100.25\",\"size\":\"1\"}",
                "{\"op\":\"place\",\"timestamp\":3,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\",\"price\":\"100.001\",\"size\":\"1\"}",
                "{\"op\":\"place\",\"timestamp\":4,\"user_address\":\"0xb0b\",\"market_id\":2,\"side\":\"buy\",\"price\":\"100\",\"size\":\"1\"}",
                "{\"op\":\"place\",\"timestamp\":5,\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\",\"price\":\"101\",\"size\":\"0.25\"}"));
        CliRun run = CliRun.of("replay", "--commands", log.toString(), "--markets", markets.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode s = MAPPER.readTree(run.out());
        assertThat(s.get("rejected_by_reason").get("INVALID_TICK").asLong()).isEqualTo(1);
        assertThat(s.get("rejected_by_reason").get("TOO_MANY_DECIMALS").asLong()).isEqualTo(1);
        assertThat(s.get("rejected_by_reason").get("UNKNOWN_MARKET").asLong()).isEqualTo(1);
        assertThat(s.get("traded_size").asText()).isEqualTo("0.25");

        Files.writeString(markets, "{\"markets\":[{\"market_id\":1,\"tick_size\":\"0\"}]}");
        CliRun bad = CliRun.of("replay", "--commands", log.toString(), "--markets", markets.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: markets file ").contains("markets[0]");
    }

    @Test
    void reportsTradedSizePerMarketWhenSeveralTrade() throws Exception {
        Path log = write("log.jsonl", List.of(
                "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"sell\",\"price\":\"10\",\"size\":\"1\"}",
                "{\"op\":\"place\",\"timestamp\":2,\"user_address\":\"0xb\",\"market_id\":1,\"side\":\"buy\",\"price\":\"10\",\"size\":\"1\"}",
                "{\"op\":\"place\",\"timestamp\":3,\"user_address\":\"0xa\",\"market_id\":2,\"side\":\"sell\",\"price\":\"10\",\"size\":\"2\"}",
                "{\"op\":\"place\",\"timestamp\":4,\"user_address\":\"0xb\",\"market_id\":2,\"side\":\"buy\",\"price\":\"10\",\"size\":\"0.5\"}",
                "{\"op\":\"cancel_all\",\"timestamp\":5,\"user_address\":\"0xa\"}"));
        CliRun run = CliRun.of("replay", "--commands", log.toString());
        JsonNode s = MAPPER.readTree(run.out());
        assertThat(s.get("traded_size").get("1").asText()).isEqualTo("1.0");
        assertThat(s.get("traded_size").get("2").asText()).isEqualTo("0.5");
        assertThat(s.get("rejected").asLong()).isZero();
    }

    @Test
    void invalidUtf8AndBomDoNotStopTheRun() throws Exception {
        Path log = dir.resolve("bytes.jsonl");
        byte[] good = LOG.get(0).getBytes(StandardCharsets.UTF_8);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] bad = {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(bom);
        bytes.write(good);
        bytes.write('\n');
        bytes.write(bad);
        Files.write(log, bytes.toByteArray());
        CliRun run = CliRun.of("replay", "--commands", log.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode s = MAPPER.readTree(run.out());
        assertThat(s.get("accepted").asLong()).isEqualTo(1);
        // the bytes that are not UTF-8 are the line's error, not a U+FFFD inside its op
        assertThat(s.get("rejected_by_reason").get("INVALID_JSON").asLong()).isEqualTo(1);
        assertThat(run.err()).startsWith("line 2: INVALID_JSON: not valid UTF-8");
    }

    private static String stopLine(String trigger) {
        return "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\","
                + "\"order_type\":\"stop_market\",\"trigger_price\":\"" + trigger + "\",\"size\":\"1.0\"}";
    }

    @Test
    void conditionalOrderEventsAreCountedHashedAndWritten() throws Exception {
        Path log90 = write("stop90.jsonl", List.of(stopLine("90.0")));
        Path log91 = write("stop91.jsonl", List.of(stopLine("91.0")));
        Path events = dir.resolve("events.jsonl");
        CliRun run = CliRun.of("replay", "--commands", log90.toString(), "--events-out", events.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = MAPPER.readTree(run.out());
        assertThat(summary.get("events").asLong()).isEqualTo(1);
        List<String> lines = Files.readAllLines(events);
        assertThat(lines).hasSize(1);
        JsonNode accepted = MAPPER.readTree(lines.get(0));
        assertThat(accepted.get("sequence").asLong()).isEqualTo(1);
        assertThat(accepted.toString()).contains("conditional_accepted").contains("90.0");

        String hash90 = summary.get("event_hash").asText();
        String hash91 = MAPPER.readTree(CliRun.of("replay", "--commands", log91.toString()).out())
                .get("event_hash").asText();
        String empty = MAPPER.readTree(CliRun.of("replay", "--commands", write("empty.jsonl", List.of()).toString())
                .out()).get("event_hash").asText();
        assertThat(hash90).isNotEqualTo(hash91).isNotEqualTo(empty);
    }

    @Test
    void aMarketBuyAgainstAnAskNearTheTopOfThePriceRangeTradesInsteadOfAborting() throws Exception {
        Path log = write("top.jsonl", List.of(
                "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\","
                        + "\"price\":\"90000000000\",\"size\":\"0.0001\"}",
                "{\"op\":\"place\",\"timestamp\":2,\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\","
                        + "\"order_type\":\"market\",\"size\":\"0.0001\"}"));
        CliRun run = CliRun.of("replay", "--commands", log.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = MAPPER.readTree(run.out());
        assertThat(summary.get("fills").asLong()).isEqualTo(1);
        assertThat(summary.get("traded_size").asText()).isEqualTo("0.0001");
    }

    @Test
    void tradedTotalsBeyond64BitsAreExact() {
        java.math.BigInteger twoTo64 = java.math.BigInteger.ONE.shiftLeft(64);
        assertThat(ReplayRunner.formatTotal(twoTo64, 8)).isEqualTo("184467440737.09551616");
        assertThat(ReplayRunner.formatTotal(twoTo64.multiply(java.math.BigInteger.valueOf(100_000_000)), 8))
                .isEqualTo("18446744073709551616.0");
        assertThat(ReplayRunner.formatTotal(twoTo64, 0)).isEqualTo("18446744073709551616");
        assertThat(ReplayRunner.formatTotal(java.math.BigInteger.valueOf(170_000_000), 8)).isEqualTo("1.7");
    }

    @Test
    void aSixtyThousandDigitAmountIsNamedWithItsFieldAndReason() throws Exception {
        String deposit = "{\"op\":\"deposit\",\"timestamp\":1,\"user_address\":\"0xa\",\"deposit_id\":\"d%d\",\"amount\":\"%s\"}";
        Path log = write("long.jsonl", List.of(
                String.format(deposit, 1, "9".repeat(60_000)),
                String.format(deposit, 2, "0." + "0".repeat(60_000) + "1"),
                String.format(deposit, 3, "0".repeat(60_000) + "1")));
        CliRun run = CliRun.of("replay", "--commands", log.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("line 1: NUMBER_OVERFLOW amount: value too large")
                .contains("line 2: TOO_MANY_DECIMALS amount: more than 6 decimal places")
                .contains("line 3: INVALID_NUMBER amount: a plain decimal number longer than 64 characters")
                .doesNotContain("not a plain decimal number");
    }
}
