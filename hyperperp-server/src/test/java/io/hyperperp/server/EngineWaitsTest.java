package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class EngineWaitsTest {

    @Test
    void anAnswerAlreadyThereIsReturnedAtOnce() throws Exception {
        assertThat(EngineWaits.await(CompletableFuture.completedFuture("done"), 1)).isEqualTo("done");
    }

    @Test
    void anAnswerThatComesLaterIsReturnedWhenItComes() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        long begin = System.nanoTime();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            future.complete("later");
        });
        assertThat(EngineWaits.await(future, 10_000)).isEqualTo("later");
        assertThat((System.nanoTime() - begin) / 1_000_000).isBetween(99L, 5_000L);
    }

    @Test
    void noAnswerInTimeIsATimeoutWithinATickAndLeavesTheEnginesFutureAlone() {
        CompletableFuture<String> future = new CompletableFuture<>();
        long begin = System.nanoTime();
        assertThatThrownBy(() -> EngineWaits.await(future, 200)).isInstanceOf(TimeoutException.class);
        long waited = (System.nanoTime() - begin) / 1_000_000;
        assertThat(waited).isGreaterThanOrEqualTo(200L).isLessThan(200L + 10 * EngineWaits.TICK_MILLIS);
        assertThat(future).as("the engine still completes its own future").isNotDone();
        assertThat(future.complete("late")).isTrue();
    }

    @Test
    void aFailedAnswerIsAnExecutionExceptionWithItsCause() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> future.completeExceptionally(new IllegalStateException("engine bug")));
        assertThatThrownBy(() -> EngineWaits.await(future, 10_000)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
