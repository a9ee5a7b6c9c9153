package io.hyperperp.server.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (client IP, user address): {@code ratePerSecond} tokens a second up to
 * {@code burst}. A rate of 0 disables the limiter. Idle buckets are dropped when the map grows.
 */
public final class RateLimiter {

    private static final int MAX_KEYS = 100_000;

    private final double rate;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A limiter; {@code ratePerSecond} 0 = unlimited. */
    public RateLimiter(double ratePerSecond, double burst) {
        this.rate = ratePerSecond;
        this.burst = Math.max(burst, 1);
    }

    /** True when limiting is on. */
    public boolean enabled() {
        return rate > 0;
    }

    /** Takes {@code n} tokens; returns 0 if allowed, else the seconds to wait (Retry-After). */
    public long acquire(String key, int n) {
        if (rate <= 0) {
            return 0;
        }
        if (buckets.size() > MAX_KEYS) {
            long now = System.nanoTime();
            buckets.values().removeIf(b -> b.idle(now));
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket());
        return b.take(n);
    }

    private final class Bucket {
        private double tokens = burst;
        private long last = System.nanoTime();

        synchronized long take(int n) {
            refill(System.nanoTime());
            double need = Math.min(n, burst);
            if (tokens >= need) {
                tokens -= need;
                return 0;
            }
            double missing = need - tokens;
            return Math.max(1, (long) Math.ceil(missing / rate));
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
            last = now;
        }

        synchronized boolean idle(long now) {
            refill(now);
            return tokens >= burst;
        }
    }
}
