package io.hyperperp.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A latency histogram sorts nanoseconds into the exposition's buckets in seconds, each bound inclusive. */
class HistogramTest {

    @Test
    void boundsAreInclusiveAndTheSumIsInSeconds() {
        Metrics metrics = new Metrics();
        Metrics.Histogram h = metrics.histogram("test_duration_seconds", "");
        h.observe(50_000);           // exactly the first bound, 50 us: the first bucket
        h.observe(50_001);           // just past it: the 100 us bucket
        h.observe(1_000_000_000);    // exactly 1 s
        h.observe(11_000_000_000L);  // past the last bound: +Inf only
        String text = metrics.scrape();
        assertThat(text).contains("test_duration_seconds_bucket{le=\"0.000050\"} 1\n")
                .contains("test_duration_seconds_bucket{le=\"0.00010\"} 2\n")
                .contains("test_duration_seconds_bucket{le=\"0.5\"} 2\n")
                .contains("test_duration_seconds_bucket{le=\"1.0\"} 3\n")
                .contains("test_duration_seconds_bucket{le=\"10.0\"} 3\n")
                .contains("test_duration_seconds_bucket{le=\"+Inf\"} 4\n")
                .contains("test_duration_seconds_count 4\n")
                .contains("test_duration_seconds_sum 12.000100001\n");
        metrics.close();
    }
}
