package io.hyperperp.server.backend;

import java.time.Instant;

/** The server's clock for command timestamps: microseconds since the epoch. */
public final class EngineClock {

    private EngineClock() {
    }

    /** Now, in microseconds since the epoch. */
    public static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
