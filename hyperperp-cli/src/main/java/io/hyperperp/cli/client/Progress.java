package io.hyperperp.cli.client;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on stderr, drawn only when there is a terminal (System.console() != null). */
final class Progress {

    private final PrintWriter err;
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;

    Progress(PrintWriter err, long total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    /** Whether a terminal is attached. */
    static boolean terminal() {
        return System.console() != null;
    }

    void update(long done, long errors) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int width = 30;
        int filled = (int) Math.round(fraction * width);
        double secs = Math.max(1e-9, (now - start) / 1e9);
        err.printf(Locale.ROOT, "\r[%s%s] %3.0f%% %,d/%,d  %,.0f/s  errors %,d", "#".repeat(filled),
                ".".repeat(width - filled), fraction * 100, done, total, done / secs, errors);
        err.flush();
    }

    void finish() {
        if (enabled) {
            err.println();
            err.flush();
        }
    }
}
