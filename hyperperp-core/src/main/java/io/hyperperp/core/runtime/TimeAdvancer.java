package io.hyperperp.core.runtime;

import io.hyperperp.core.command.AdvanceTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The clock thread of an {@link EngineRuntime}: at a fixed resolution, queues an
 * {@link AdvanceTime} when the clock has passed the engine's next expiry, one at a time.
 */
final class TimeAdvancer {

    private final EngineRuntime runtime;
    private final LongSupplier clockMicros;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean inFlight = new AtomicBoolean();

    TimeAdvancer(EngineRuntime runtime, long resolutionMillis, LongSupplier clockMicros, String threadName) {
        this.runtime = runtime;
        this.clockMicros = clockMicros;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, resolutionMillis, resolutionMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long now = clockMicros.getAsLong();
        if (now <= runtime.nextExpiry() || !runtime.isRunning() || runtime.isUnavailable()) {
            return;
        }
        // One at a time: the next tick sees the expiry the processed command left behind.
        if (inFlight.compareAndSet(false, true)) {
            runtime.submit(new AdvanceTime(now)).whenComplete((result, error) -> inFlight.set(false));
        }
    }

    void stop() {
        timer.shutdownNow();
    }
}
