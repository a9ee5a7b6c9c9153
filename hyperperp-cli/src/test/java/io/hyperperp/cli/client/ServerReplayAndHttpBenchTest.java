package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.server.HyperperpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay --server sends a command log over REST; bench --http measures a server. */
class ServerReplayAndHttpBenchTest {

    @TempDir
    Path dir;

    @Test
    void replaySendsEveryOpToTheServer() throws Exception {
        Path log = dir.resolve("log.jsonl");
        Files.write(log, List.of(
                "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\",\"order_type\":\"limit\",\"price\":\"30000.0\",\"size\":\"1.0\",\"client_order_id\":\"s1\"}",
                "{\"op\":\"place\",\"timestamp\":2,\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\",\"price\":\"30001.0\",\"size\":\"2.0\",\"client_order_id\":\"s2\"}",
                "{\"op\":\"place\",\"timestamp\":3,\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\",\"price\":\"30000.0\",\"size\":\"0.5\"}",
                "{\"op\":\"amend\",\"timestamp\":4,\"user_address\":\"0xa11ce\",\"market_id\":1,\"client_order_id\":\"s2\",\"size\":\"1.0\"}",
                "{\"op\":\"place\",\"timestamp\":5,\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\",\"price\":\"30000.000000001\",\"size\":\"1.0\"}",
                "",
                "not json",
                "{\"op\":\"update_mark_price\",\"timestamp\":6,\"user_address\":\"0x0\",\"market_id\":1,\"mark_price\":\"30000.0\"}",
                "{\"op\":\"cancel\",\"timestamp\":7,\"user_address\":\"0xa11ce\",\"market_id\":1,\"client_order_id\":\"s1\"}",
                "{\"op\":\"cancel\",\"timestamp\":8,\"user_address\":\"0xa11ce\",\"client_order_id\":\"nope\"}",
                "{\"op\":\"cancel_all\",\"timestamp\":9,\"user_address\":\"0xa11ce\",\"market_id\":1}"));
        try (HyperperpServer s = Cli.server(Map.of())) {
            Cli r = Cli.run("replay", "--commands", log.toString(), "--server", s.uri().toString(), "--rate", "1000");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = r.json();
            assertThat(j.get("commands").asInt()).isEqualTo(10);
            assertThat(j.get("sent").asInt()).isEqualTo(7);
            assertThat(j.get("ok").asInt()).isEqualTo(6);
            assertThat(j.get("rejected").asInt()).isEqualTo(2);
            assertThat(j.get("errors_by_code").get("TOO_MANY_DECIMALS").asInt()).isEqualTo(1);
            assertThat(j.get("errors_by_code").get("ORDER_NOT_FOUND").asInt()).isEqualTo(1);
            assertThat(j.get("parse_errors").asInt()).isEqualTo(1);
            assertThat(j.get("skipped").asInt()).isEqualTo(1);
            assertThat(j.get("fills").asInt()).isEqualTo(1);
            assertThat(r.err()).contains("line 5: TOO_MANY_DECIMALS").contains("line 7: INVALID_JSON");
            // The book: s1 cancelled, s2 amended to 1.0 then cancelled by cancel_all.
            assertThat(Cli.run("book", "1", "--server", s.uri().toString(), "--json").json().get("asks").size()).isZero();

            Cli strict = Cli.run("replay", "--commands", log.toString(), "--server", s.uri().toString(), "--strict");
            assertThat(strict.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(strict.err()).contains("line 7");
        }
        Cli offlineOnly = Cli.run("replay", "--commands", log.toString(), "--server", "http://127.0.0.1:1",
                "--book-out", dir.resolve("b.json").toString());
        assertThat(offlineOnly.exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli down = Cli.run("replay", "--commands", log.toString(), "--server", "http://127.0.0.1:" + Cli.freePort());
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(Cli.run("replay", "--commands", log.toString(), "--rate", "5").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void httpBenchReportsThroughputAndPercentiles() throws Exception {
        try (HyperperpServer s = Cli.server(Map.of())) {
            Cli r = Cli.run("bench", "--http", s.uri().toString(), "--requests", "400", "--connections", "4", "--json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = r.json();
            assertThat(j.get("requests").asInt()).isEqualTo(400);
            assertThat(j.get("errors").asInt()).isZero();
            assertThat(j.get("status_counts").get("200").asInt()).isEqualTo(400);
            assertThat(j.get("throughput").asLong()).isPositive();
            assertThat(j.get("latency_ns").get("p99_9").asLong()).isGreaterThanOrEqualTo(j.get("latency_ns").get("p50").asLong());

            Cli batch = Cli.run("bench", "--http", s.uri().toString(), "--requests", "20", "--batch", "10");
            assertThat(batch.exitCode()).as(batch.toString()).isZero();
            assertThat(batch.out()).contains("POST /v1/orders/batch x 10 = 200 orders").contains("p99.9").contains("HTTP 200 x 20");
        }
        Cli down = Cli.run("bench", "--http", "http://127.0.0.1:" + Cli.freePort(), "--requests", "5");
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
    }
}
