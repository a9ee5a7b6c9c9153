package io.hyperperp.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExchangeExecutorTest {

    private final ExchangeExecutor executor = new ExchangeExecutor(200);

    @AfterEach
    void close() {
        executor.close();
    }

    /** Blocks until interrupted or the latch opens; true when interrupted. */
    private static boolean waitInterruptibly(CountDownLatch release) {
        try {
            release.await(30, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    @Test
    void anExchangeWhoseHeadNeverArrivesIsInterruptedAndCounted() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        AtomicLong took = new AtomicLong();

        executor.execute(() -> {
            interrupted.set(waitInterruptibly(never));
            took.set(System.nanoTime() - start);
            done.countDown();
        });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(took.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(executor.headTimeouts()).isEqualTo(1);
    }

    @Test
    void aHandlerPastItsHeadIsLeftAloneAndALateHeadIsRefused() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean accepted = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(() -> {
            accepted.set(executor.headReceived());
            interrupted.set(waitInterruptibly(release));
            done.countDown();
        });
        // A second exchange that reaches its handler only after its head timed out.
        AtomicBoolean lateAccepted = new AtomicBoolean(true);
        CountDownLatch lateDone = new CountDownLatch(1);
        executor.execute(() -> {
            waitInterruptibly(new CountDownLatch(1));
            lateAccepted.set(executor.headReceived());
            lateDone.countDown();
        });

        assertThat(lateDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lateAccepted).isFalse();
        // The first handler has been running past the head timeout by now, and was not interrupted.
        release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted).isTrue();
        assertThat(interrupted).isFalse();
        assertThat(executor.headTimeouts()).isEqualTo(1);
    }

    @Test
    void aLingeringCloseIsCutAfterASecond() throws InterruptedException {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean flagLeft = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong took = new AtomicLong();
        executor.execute(() -> {
            executor.headReceived();
            long start = System.nanoTime();
            executor.closeLingering(() -> interrupted.set(waitInterruptibly(new CountDownLatch(1))));
            took.set(System.nanoTime() - start);
            flagLeft.set(Thread.currentThread().isInterrupted());
            done.countDown();
        });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(took.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
        assertThat(flagLeft).isFalse();
        assertThat(executor.headTimeouts()).isZero();
    }

    @Test
    void aQuickLingeringCloseIsNotInterrupted() throws InterruptedException {
        AtomicBoolean interrupted = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(() -> {
            executor.headReceived();
            executor.closeLingering(() -> interrupted.set(Thread.currentThread().isInterrupted()));
            done.countDown();
        });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isFalse();
    }
}
