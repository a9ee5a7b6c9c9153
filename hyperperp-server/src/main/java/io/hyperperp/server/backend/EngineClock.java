package io.hyperperp.server.backend;

import java.time.Instant;

/**
 * The server's clock for command timestamps, and the native API's one timestamp form: microseconds
 * since the Unix epoch (UTC) as a JSON integer. Times kept in other units (batches in milliseconds,
 * chain fields in seconds, database rows as instants) are converted here before they are written.
 */
public final class EngineClock {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private EngineClock() {
    }

    /** Now, in microseconds since the epoch. */
    public static long micros() {
        return micros(Instant.now());
    }

    /** An instant in microseconds since the epoch (sub-microsecond digits dropped). */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
                instant.getNano() / 1_000);
    }

    /** Milliseconds since the epoch in microseconds. */
    public static long microsFromMillis(long millis) {
        return Math.multiplyExact(millis, 1_000L);
    }

    /** Seconds since the epoch (the chain's unit) in microseconds. */
    public static long microsFromSeconds(long seconds) {
        return Math.multiplyExact(seconds, MICROS_PER_SECOND);
    }
}
