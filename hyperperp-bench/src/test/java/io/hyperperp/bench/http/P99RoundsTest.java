package io.hyperperp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class P99RoundsTest {

    @Test
    void theSummaryCountsRoundsUnderTheBarAndApartThoseThatCompiledNothing() {
        List<long[]> rounds = List.of(
                new long[] {3_000_000L, 0, 0},            // under, quiet
                new long[] {6_000_000L, 5_000_000L, 0},   // over, the target compiled
                new long[] {4_999_999L, 0, 3_000_000L},   // under, the generator compiled
                new long[] {5_000_000L, 1_900_000L, 0});  // at the bar is not under; under 2 ms of compiling is quiet

        String line = P99Rounds.summary("server", rounds);

        assertThat(line).startsWith("server p99 at 70%: 3.000, 6.000*, 5.000*, 5.000 ms")
                .contains("2 of 4 under 5 ms").endsWith("rounds without compilation 1 of 2 under");
    }
}
