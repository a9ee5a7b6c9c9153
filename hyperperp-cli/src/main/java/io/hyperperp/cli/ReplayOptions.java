package io.hyperperp.cli;

import io.hyperperp.core.risk.MarginMode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link ReplayRunner} reads and writes.
 *
 * @param commands  the command log (JSON Lines)
 * @param markets   market configuration, or null for the defaults
 * @param tradesOut fills as JSON Lines, or null
 * @param bookOut   final L2 books as JSON, or null
 * @param eventsOut every event as JSON Lines, or null
 * @param strict    stop at the first malformed line instead of skipping it
 * @param margin    margin mode for every market, or null to keep the markets file's (default none)
 */
public record ReplayOptions(Path commands, Path markets, Path tradesOut, Path bookOut, Path eventsOut,
                            boolean strict, MarginMode margin) {

    /** Options that keep the markets' margin settings. */
    public ReplayOptions(Path commands, Path markets, Path tradesOut, Path bookOut, Path eventsOut, boolean strict) {
        this(commands, markets, tradesOut, bookOut, eventsOut, strict, null);
    }

    /** Checks the command log is named. */
    public ReplayOptions {
        Objects.requireNonNull(commands, "commands");
    }
}
