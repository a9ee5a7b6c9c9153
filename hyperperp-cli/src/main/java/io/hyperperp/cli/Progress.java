package io.hyperperp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for long runs (replay, offline or against a server). It is drawn
 * only when stderr is a terminal: stdout may well be redirected ({@code > summary.json}) while the
 * user watches stderr, and a bar must never end up in a file or a pipe.
 */
public final class Progress {

    private final PrintWriter err;
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;

    /**
     * @param err     where to draw (stderr)
     * @param total   the count that means done
     * @param enabled false draws nothing (see {@link #stderrIsTerminal()})
     */
    public Progress(PrintWriter err, long total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    /**
     * Whether this process's stderr is a terminal. On Linux the answer comes from where file
     * descriptor 2 points ({@code /dev/pts/N}, {@code /dev/ttyN}); elsewhere Java 21 can only tell
     * whether the process has a console at all ({@code System.console()}, which is null as soon as
     * stdout is redirected), so there the bar shows only when neither stream is redirected.
     */
    public static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Non-blank lines in a file, gzip or not (the total of a replay's bar), or 0 when it cannot be read. */
    public static long countLines(Path file) {
        // Bounded lines: a line of a gigabyte is counted, not held (a longer one is taken as not blank).
        try (LineReader in = LineReader.utf8(InputFiles.decompressed(file), 1024)) {
            long count = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (in.tooLong() || !line.isBlank()) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Redraws the bar, at most ten times a second and always when done. */
    public void update(long done, long errors) {
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

    /** Ends the bar's line. */
    public void finish() {
        if (enabled) {
            err.println();
            err.flush();
        }
    }
}
