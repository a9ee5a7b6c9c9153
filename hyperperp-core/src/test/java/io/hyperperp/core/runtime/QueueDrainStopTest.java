package io.hyperperp.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A task that reaches the queue after the engine thread drained it and stopped: a submitter that read
 * "accepting" just before {@link EngineRuntime#shutdown} and queued just after the drain. Its future must
 * still be answered (SHUT_DOWN), whichever thread is meant to process the queue, or its caller waits for ever.
 */
class QueueDrainStopTest {

    @ParameterizedTest(name = "callerRuns={0}")
    @ValueSource(booleans = {false, true})
    void aTaskQueuedAfterTheDrainIsAnsweredShutDown(boolean callerRuns) throws Exception {
        Fixture f = new Fixture(callerRuns);
        f.accepting.set(false);
        assertThat(f.drain.stop(10_000)).as("engine thread stopped").isTrue();

        CompletableFuture<CommandResult> late = f.queueOrder(1);
        f.drain.queued();

        assertThat(late.get(5, TimeUnit.SECONDS).status()).isEqualTo(CommandResult.Status.SHUT_DOWN);
        assertThat(f.queue).isEmpty();
    }

    @Test
    void whatWasQueuedBeforeTheStopIsProcessedAndCommitted() throws Exception {
        Fixture f = new Fixture(false);
        CompletableFuture<CommandResult> early = f.queueOrder(1);
        f.drain.queued();
        f.accepting.set(false);
        assertThat(f.drain.stop(10_000)).isTrue();
        assertThat(early.get(5, TimeUnit.SECONDS).status()).isEqualTo(CommandResult.Status.PROCESSED);
    }

    /** A queue, its drain and an engine with an inline commit that stores nothing. */
    private static final class Fixture {
        final BlockingQueue<EngineTask> queue = new ArrayBlockingQueue<>(16);
        final AtomicBoolean accepting = new AtomicBoolean(true);
        final MatchingEngine engine;
        final QueueDrain drain;

        Fixture(boolean callerRuns) {
            EventRecorder recorder = new EventRecorder();
            engine = new MatchingEngine(MarketRegistry.defaults(), recorder);
            GroupCommit commit = new GroupCommit(group -> { }, List.of(), 1, 10, 0, 4, true, "test-commit");
            GroupProcessor processor = new GroupProcessor(engine, recorder, false, commit);
            drain = new QueueDrain(queue, 64, processor, commit, callerRuns, accepting::get, "test-engine");
        }

        CompletableFuture<CommandResult> queueOrder(long timestamp) {
            PlaceOrder order = PlaceOrder.limit(timestamp, "0xa11ce", 1, Side.BUY, 3_000_000_000_000L, 100_000_000L);
            CompletableFuture<CommandResult> future = new CompletableFuture<>();
            assertThat(queue.offer(new EngineTask.CommandTask(order, engine.intake().flatten(order), future))).isTrue();
            return future;
        }
    }
}
