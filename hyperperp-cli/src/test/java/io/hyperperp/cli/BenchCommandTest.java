package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void generatedWorkloadPrintsThroughputAndPercentiles() {
        CliRun run = CliRun.of("bench", "--generate", "2000", "--seed", "3", "--iterations", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("throughput:").contains("commands/s")
                .contains("p50").contains("p99 ").contains("p99.9 ").contains("p99.99").contains("max")
                .contains("iteration 1:").contains("iteration 2:").contains("rejects 0");
    }

    @Test
    void jsonOutput() throws Exception {
        CliRun run = CliRun.of("bench", "--generate", "1000", "--iterations", "1", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertThat(r.get("commands").asLong()).isEqualTo(1000);
        assertThat(r.get("warmup_commands").asLong()).isEqualTo(1000);
        assertThat(r.get("throughput").asLong()).isPositive();
        JsonNode latency = r.get("latency_ns");
        assertThat(latency.get("p50").asLong()).isPositive();
        assertThat(latency.get("p99_99").asLong()).isLessThanOrEqualTo(latency.get("max").asLong());
        assertThat(r.get("iterations").size()).isEqualTo(1);
    }

    @Test
    void pacedRun() {
        CliRun run = CliRun.of("bench", "--generate", "1000", "--iterations", "1", "--rate", "100000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("offered rate 100,000 commands/s")
                .containsPattern("machine: +a thread spinning on the clock for 2\\.\\d s lost \\d+\\.\\d\\d% of the time")
                .containsPattern("floor: +a no-op engine on the same harness path and schedule")
                .containsPattern("engine / floor: p99 \\d+\\.\\d\\dx  p99\\.99 \\d+\\.\\d\\dx over all samples;"
                        + " inside the timed windows \\d+ collections \\(\\d+ ms\\), JIT \\d+ ms")
                .containsPattern("by pair: +engine / floor over each slice pair's own samples \\(1 pairs\\): p99 median"
                        + " \\d+\\.\\d\\dx \\(10-90%: \\d+\\.\\d\\d-\\d+\\.\\d\\dx\\), p99\\.99 median")
                // 1,000 commands at 100,000/s in 20 ms slices of 2,000 commands: one slice per side
                .containsPattern("slices: +1 per side \\(2,000 commands each, engine and floor alternating\\)")
                .containsPattern("no stall: +")
                .containsPattern("on time: +commands with no backlog ahead held the loop: engine p50 ")
                .containsPattern("late: +finished over 1000 ns after their due time: engine [0-9,]+ \\(")
                .contains("engine's own: 0 commands held the loop over 10.0 µs in every counted iteration");
    }

    @Test
    void sliceLengthIsAnOptionAndChecked() throws Exception {
        CliRun run = CliRun.of("bench", "--generate", "1000", "--iterations", "2", "--rate", "100000", "--slice-ms", "2",
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode stalls = new ObjectMapper().readTree(run.out()).get("stalls");
        assertThat(stalls.get("slice_commands").asLong()).isEqualTo(200);
        assertThat(stalls.get("slice_pairs").asLong()).as("iteration 2 only").isEqualTo(5);
        assertThat(stalls.get("quiet_pairs").asLong()).isBetween(0L, 5L);
        assertThat(stalls.get("engine_slowest").isArray()).isTrue();
        assertThat(stalls.get("paired_p99_99").get("pairs").asLong()).isEqualTo(5);
        assertThat(stalls.get("paired_p99_99").get("at_most_1_5").asLong()).isBetween(0L, 5L);
        JsonNode lateness = stalls.get("lateness");
        assertThat(lateness.get("engine").get("commands").asLong()).as("iteration 2 only").isEqualTo(1_000);
        assertThat(lateness.get("floor").get("on_time_p50_ns").asLong()).isPositive();
        assertThat(lateness.get("engine").get("late").asLong()).isBetween(0L, 1_000L);
        CliRun bad = CliRun.of("bench", "--generate", "10", "--rate", "1000", "--slice-ms", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--slice-ms must be between 1 and 60000");
    }

    @Test
    void pinningOptionsAreChecked() {
        CliRun noRate = CliRun.of("bench", "--generate", "10", "--pin-cpu", "1");
        assertThat(noRate.exitCode()).isEqualTo(2);
        assertThat(noRate.err()).contains("--pin-cpu needs --rate");
        CliRun noCpu = CliRun.of("bench", "--generate", "10", "--rate", "1000", "--pin-cpu", "4096");
        assertThat(noCpu.exitCode()).isEqualTo(2);
        assertThat(noCpu.err()).contains("--pin-cpu");
        CliRun negative = CliRun.of("bench", "--generate", "10", "--rate", "1000", "--pin-cpu", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        CliRun niceAlone = CliRun.of("bench", "--generate", "10", "--rate", "1000", "--measuring-nice", "-5");
        assertThat(niceAlone.exitCode()).isEqualTo(2);
        assertThat(niceAlone.err()).contains("--measuring-nice needs --pin-cpu");
        CliRun tooNice = CliRun.of("bench", "--generate", "10", "--rate", "1000", "--pin-cpu", "0", "--measuring-nice", "-21");
        assertThat(tooNice.exitCode()).isEqualTo(2);
        assertThat(tooNice.err()).contains("--measuring-nice must be between -20 and 19");
    }

    @Test
    void pacedJsonReportsTheMachinePauses() throws Exception {
        CliRun run = CliRun.of("bench", "--generate", "1000", "--iterations", "1", "--rate", "100000", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode pauses = new ObjectMapper().readTree(run.out()).get("machine_pauses");
        assertThat(pauses.get("probe_ns").asLong()).isGreaterThanOrEqualTo(2_000_000_000L);
        assertThat(pauses.get("over_1us").asLong()).isGreaterThanOrEqualTo(pauses.get("over_20us").asLong());
        assertThat(pauses.get("lost_ns").asLong()).isGreaterThanOrEqualTo(pauses.get("max_ns").asLong());
        assertThat(pauses.get("noop_p99_ns").asLong()).isLessThanOrEqualTo(pauses.get("noop_p99_99_ns").asLong());
        JsonNode floor = new ObjectMapper().readTree(run.out()).get("floor_ns");
        assertThat(floor.get("samples").asLong()).isEqualTo(1000);
        assertThat(floor.get("p99").asLong()).isPositive().isLessThanOrEqualTo(floor.get("p99_99").asLong());
    }

    @Test
    void benchesACommandFile() throws Exception {
        Path log = dir.resolve("log.jsonl");
        Files.write(log, List.of(
                "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"sell\",\"price\":\"10\",\"size\":\"1\"}",
                "{\"op\":\"place\",\"timestamp\":2,\"user_address\":\"0xb\",\"market_id\":1,\"side\":\"buy\",\"price\":\"10\",\"size\":\"1\"}"));
        CliRun run = CliRun.of("bench", "--commands", log.toString(), "--iterations", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 measured commands").contains("fills 1");

        Files.write(log, List.of("{\"op\":\"nope\"}"));
        CliRun bad = CliRun.of("bench", "--commands", log.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: line 1: UNKNOWN_OP");
    }

    @Test
    void durableRunCommitsToAnEmbeddedPostgresAndReportsAckLatency() throws Exception {
        CliRun run = CliRun.of("bench", "--generate", "5000", "--durable", "--window", "64", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertThat(r.get("commands").asLong()).isEqualTo(4000); // the first fifth warms up
        assertThat(r.get("refused").asLong()).isZero();
        assertThat(r.get("commands_per_second").asDouble()).isPositive();
        assertThat(r.get("transactions").asLong()).isPositive();
        assertThat(r.get("average_transaction_commands").asDouble()).isBetween(1.0, 64.0);
        JsonNode latency = r.get("ack_latency_ns");
        assertThat(latency.get("p50").asLong()).isPositive().isLessThanOrEqualTo(latency.get("p99").asLong());
        assertThat(latency.get("p99").asLong()).isLessThanOrEqualTo(latency.get("max").asLong());
        assertThat(r.get("writer_stage_ms").has("commit")).isTrue();
        // The temporary cluster's WAL is preallocated (and kept: min_wal_size), as on a server that has been running.
        java.util.regex.Matcher wal = java.util.regex.Pattern
                .compile("new embedded PostgreSQL: (\\d+) WAL segments preallocated").matcher(run.err());
        assertThat(wal.find()).as(run.err()).isTrue();
        assertThat(Integer.parseInt(wal.group(1))).isGreaterThanOrEqualTo(3);
    }

    @Test
    void durableOptionsAreChecked() {
        CliRun window = CliRun.of("bench", "--generate", "10", "--window", "8");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.err()).contains("--window and --database-url need --durable");
        assertThat(CliRun.of("bench", "--generate", "10", "--durable", "--window", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void sourceIsRequiredAndExclusive() {
        assertThat(CliRun.of("bench").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("bench", "--generate", "10", "--commands", "x").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("bench", "--generate", "ten").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("bench", "--generate", "10", "--iterations", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void versionAndHelp() {
        CliRun version = CliRun.of("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("hyperperp ");
        CliRun help = CliRun.of("help", "replay");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--commands=FILE");
    }
}
