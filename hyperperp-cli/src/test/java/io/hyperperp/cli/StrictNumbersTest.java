package io.hyperperp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Number options take ASCII decimal digits only, as the server's own number parsing does. */
class StrictNumbersTest {

    @Test
    void nonAsciiDigitsAreAUsageErrorNamingTheOption() {
        // U+0661 is ARABIC-INDIC DIGIT ONE: Long.valueOf reads it as 1
        CliRun run = CliRun.of("leverage", "--user", "0xa11ce", "--market", "\u0661", "--leverage", "5",
                "--server", "http://127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--market").contains("ASCII digits");
    }

    @Test
    void nanInfinityAndHexadecimalAreRefusedForDecimalOptions() {
        for (String value : new String[] {"NaN", "Infinity", "-Infinity", "0x1p3", "1e400", "1d", "\u0661"}) {
            CliRun run = CliRun.of("watch", "trades:1", "--timeout", value, "--server", "http://127.0.0.1:9");
            assertThat(run.exitCode()).as(value).isEqualTo(2);
            assertThat(run.err()).as(value).contains("--timeout").contains(value);
        }
    }

    @Test
    void outOfRangeIntegersNameTheRange() {
        CliRun run = CliRun.of("leverage", "--user", "0xa11ce", "--market", "99999999999999999999", "--leverage", "5",
                "--server", "http://127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("out of range");
    }

    static final class Numbers {
        @Option(names = "--count")
        int count;
        @Option(names = "--id")
        Long id;
        @Option(names = "--secs")
        double secs;
    }

    @Test
    void plainNumbersStillParse() {
        assertThat(StrictNumbers.integer("+42", Long.MIN_VALUE, Long.MAX_VALUE, "a long")).isEqualTo(42);
        assertThat(StrictNumbers.integer("-9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE, "a long"))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(StrictNumbers.decimal("0.25")).isEqualTo(0.25);
        assertThat(StrictNumbers.decimal(".5e1")).isEqualTo(5.0);
        // the registered converters on a command line of their own: plain numbers parse as before
        Numbers numbers = new Numbers();
        StrictNumbers.registerOn(new CommandLine(numbers)).parseArgs("--count", "7", "--id", "-12", "--secs", "1.5e-1");
        assertThat(numbers.count).isEqualTo(7);
        assertThat(numbers.id).isEqualTo(-12L);
        assertThat(numbers.secs).isEqualTo(0.15);
    }
}
