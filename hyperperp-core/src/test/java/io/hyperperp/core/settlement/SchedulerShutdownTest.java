package io.hyperperp.core.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A settlement task that schedules its next step while the scheduler stops: that step can never run, and asking
 * for it threw {@code RejectedExecutionException} into the task, logged at ERROR with a stack trace (seen when a
 * server that could not bind its port closed at once).
 */
class SchedulerShutdownTest {

    @Test
    void schedulingWhileTheSchedulerStopsIsDroppedQuietly() throws Exception {
        ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        scheduler.execute(() -> {
            running.countDown();
            try {
                stopping.await();
                scheduler.schedule(() -> { }, 10);
                scheduler.execute(() -> { });
            } catch (RuntimeException | InterruptedException e) {
                thrown.set(e);
            } finally {
                done.countDown();
            }
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        Thread stopper = new Thread(() -> {
            try {
                scheduler.shutdown(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        while (stopper.getState() != Thread.State.TIMED_WAITING && stopper.isAlive()) {
            Thread.sleep(1); // shutdown() has begun: the executor refuses new tasks
        }
        stopping.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        stopper.join(10_000);
        assertThat(thrown.get()).isNull();
        // after the stop, too
        scheduler.schedule(() -> { }, 1);
        scheduler.execute(() -> { });
    }
}
