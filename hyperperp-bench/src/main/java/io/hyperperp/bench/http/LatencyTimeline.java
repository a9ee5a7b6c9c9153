package io.hyperperp.bench.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an open-loop run's requests in the order they were due, one line each: the due time in nanoseconds of
 * {@code System.nanoTime()} (on Linux the monotonic clock that the JVM's {@code timenanos} log decorator prints too,
 * so the server's GC and safepoint log lines fall on the same axis), the latency and the sender's own lateness, both
 * in nanoseconds. {@code bin/gc-timeline} reads it beside the server's log: are the slow requests clustered around
 * pauses, or spread evenly?
 */
final class LatencyTimeline {

    private LatencyTimeline() {
    }

    /** Writes {@code result}'s requests to {@code dir/p99-ROUND-NAME.tsv} and returns that file. */
    static Path write(Path dir, int round, String name, HttpLoad.Result result) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("p99-" + round + "-" + name + ".tsv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("due_nanotime\tlatency_ns\tsend_lag_ns\n");
            long[] due = result.dueTimes();
            for (int i = 0; i < due.length; i++) {
                w.write(Long.toString(due[i]));
                w.write('\t');
                w.write(Long.toString(result.latenciesBySend()[i]));
                w.write('\t');
                w.write(Long.toString(result.sendLagsBySend()[i]));
                w.write('\n');
            }
        }
        return file;
    }
}
