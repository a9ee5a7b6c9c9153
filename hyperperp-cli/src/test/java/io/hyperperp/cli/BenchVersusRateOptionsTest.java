package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --versus exchange-core --rate R}: the paced comparison's option errors. Each is refused before
 * anything is measured (the benchmark itself is not a test).
 */
class BenchVersusRateOptionsTest {

    @TempDir
    Path dir;

    private Path commands(String firstLine) throws Exception {
        Path file = dir.resolve("log.jsonl");
        Files.writeString(file, firstLine + "\n");
        return file;
    }

    private static final String PLACE = "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,"
            + "\"side\":\"buy\",\"order_type\":\"limit\",\"price\":\"100\",\"size\":\"1\"}";

    private CliRun paced(String... more) throws Exception {
        String[] args = new String[6 + more.length];
        String[] base = {"bench", "--versus", "exchange-core", "--commands", commands(PLACE).toString(), "--rate"};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void optionsThatOnlyTheUnpacedComparisonHasAreRefused() throws Exception {
        for (String[] extra : new String[][] {{"--json"}, {"--margin"}, {"--expected", "x.json"}}) {
            String[] args = new String[1 + extra.length];
            args[0] = "100000";
            System.arraycopy(extra, 0, args, 1, extra.length);
            CliRun run = paced(args);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("--versus with --rate").contains("--expected, --margin and --json");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void rangesAreCheckedAsForTheEngineAlone() throws Exception {
        CliRun negative = paced("-5");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--rate must not be negative");
        CliRun notANumber = paced("fast");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--rate");
        CliRun slice = paced("100000", "--slice-ms", "0");
        assertThat(slice.exitCode()).isEqualTo(2);
        assertThat(slice.err()).contains("--slice-ms must be between 1 and 60000");
        CliRun iterations = paced("100000", "--iterations", "0");
        assertThat(iterations.exitCode()).isEqualTo(2);
        assertThat(iterations.err()).contains("--iterations must be positive");
        CliRun nice = paced("100000", "--measuring-nice", "5");
        assertThat(nice.exitCode()).isEqualTo(2);
        assertThat(nice.err()).contains("--measuring-nice needs --pin-cpu");
        CliRun durable = paced("100000", "--durable");
        assertThat(durable.exitCode()).isEqualTo(2);
        assertThat(durable.err()).contains("cannot be combined with --durable");
    }

    @Test
    void aCommandsFileThatDoesNotStartWithAnOrderIsOneLine() throws Exception {
        Path file = commands("{\"op\":\"cancel\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"order_id\":\"00000000-0000-0000-0000-000000000007\"}");
        CliRun run = CliRun.of("bench", "--versus", "exchange-core", "--commands", file.toString(), "--rate", "1000",
                "--iterations", "1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("--versus exchange-core: the first command must place an order")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }
}
