package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay --margin cross} and the account ops of the command log. */
class ReplayMarginTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Alice has 1,000 and may open 10x: 0.3 BTC at 30,000 (9,000) passes, then 0.1 more does not. */
    private static final List<String> LOG = List.of(
            "{\"op\":\"deposit\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"amount\":\"1000\",\"deposit_id\":\"0xt1\"}",
            "{\"op\":\"deposit\",\"timestamp\":2,\"user_address\":\"0xa11ce\",\"amount\":\"1000\",\"deposit_id\":\"0xt1\"}",
            "{\"op\":\"deposit\",\"timestamp\":3,\"user_address\":\"0xb0b\",\"amount\":\"100000\",\"deposit_id\":\"0xt2\"}",
            "{\"op\":\"place\",\"timestamp\":4,\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"sell\",\"price\":\"30000.0\",\"size\":\"1.0\"}",
            "{\"op\":\"place\",\"timestamp\":5,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"buy\",\"price\":\"30000.0\",\"size\":\"0.3\"}",
            "{\"op\":\"place\",\"timestamp\":6,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"buy\",\"price\":\"30000.0\",\"size\":\"0.1\"}",
            "{\"op\":\"update_mark_price\",\"timestamp\":7,\"user_address\":\"0x0\",\"market_id\":1,\"mark_price\":\"30100.0\",\"index_price\":\"30090.0\"}",
            "{\"op\":\"apply_funding\",\"timestamp\":8,\"user_address\":\"0x0\",\"market_id\":1,\"rate\":\"-0.0001\"}",
            "{\"op\":\"set_leverage\",\"timestamp\":9,\"user_address\":\"0xa11ce\",\"market_id\":1,\"leverage\":50}",
            "{\"op\":\"withdraw\",\"timestamp\":10,\"user_address\":\"0xa11ce\",\"amount\":\"5000\"}");

    @TempDir
    Path dir;

    @Test
    void marginCrossChecksMarginAndWritesAccountEvents() throws Exception {
        Path log = Files.write(dir.resolve("log.jsonl"), LOG, StandardCharsets.UTF_8);
        Path events = dir.resolve("events.jsonl");
        CliRun run = CliRun.of("replay", "--commands", log.toString(), "--margin", "cross",
                "--events-out", events.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode s = MAPPER.readTree(run.out());
        assertThat(s.get("parse_errors").asLong()).isZero();
        assertThat(s.get("fills").asLong()).isEqualTo(1);
        JsonNode reasons = s.get("rejected_by_reason");
        assertThat(reasons.get("INSUFFICIENT_MARGIN").asLong()).isEqualTo(1);
        assertThat(reasons.get("INVALID_LEVERAGE").asLong()).isEqualTo(1);
        assertThat(reasons.get("INSUFFICIENT_FREE_COLLATERAL").asLong()).isEqualTo(1);
        List<JsonNode> accountEvents = Files.readAllLines(events).stream().map(this::json)
                .filter(e -> e.get("type").asText().equals("account_event")).toList();
        assertThat(accountEvents).extracting(e -> e.get("kind").asText())
                .containsExactly("deposit", "deposit", "funding", "funding");
        // shorts pay longs 0.01% of 0.3 × 30,100 = 0.903
        assertThat(accountEvents.get(2).get("user_address").asText()).isEqualTo("0xa11ce");
        assertThat(accountEvents.get(2).get("amount").asText()).isEqualTo("-0.903");
        assertThat(accountEvents.get(3).get("amount").asText()).isEqualTo("0.903");
    }

    @Test
    void withoutTheFlagTheLogReplaysWithoutMargin() throws Exception {
        Path log = Files.write(dir.resolve("log.jsonl"), LOG, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("replay", "--commands", log.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode s = MAPPER.readTree(run.out());
        assertThat(s.get("fills").asLong()).isEqualTo(2);
        assertThat(s.get("rejected_by_reason").has("INSUFFICIENT_MARGIN")).isFalse();
        assertThat(s.get("rejected_by_reason").get("MARGIN_DISABLED").asLong()).isEqualTo(2);
    }

    @Test
    void badMarginFlagIsAUsageError() throws Exception {
        Path log = Files.write(dir.resolve("log.jsonl"), LOG, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("replay", "--commands", log.toString(), "--margin", "isolated");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("must be cross or none");
    }

    private JsonNode json(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
