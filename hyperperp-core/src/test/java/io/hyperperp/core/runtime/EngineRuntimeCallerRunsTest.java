package io.hyperperp.core.runtime;

import static io.hyperperp.core.runtime.RuntimeOrders.PRICE;
import static io.hyperperp.core.runtime.RuntimeOrders.SIZE;
import static io.hyperperp.core.runtime.RuntimeOrders.bid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineRuntime}'s caller-runs mode ({@code callerRuns} with {@code inlineCommit}): an uncontended command
 * or batch is processed and committed on the submitting thread before submit returns, contended submitters still
 * get one serial order, and the mode is refused without inline commits. The queued runtime is
 * {@link EngineRuntimeTest}'s.
 */
class EngineRuntimeCallerRunsTest {

    @Test
    void callerRunsProcessesAnUncontendedBatchOnTheSubmittingThreadAsOneGroup() throws Exception {
        List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults())
                .commitHook(group -> groupSizes.add(group.commands().size()))
                .inlineCommit(true).callerRuns(true).start()) {
            List<PlaceOrder> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                batch.add(bid(i + 1, "0xa" + i));
            }
            List<CompletableFuture<CommandResult>> futures = runtime.submitAll(List.copyOf(batch));
            assertThat(futures).hasSize(30).allSatisfy(f -> {
                assertThat(f).as("committed before submitAll returned").isDone();
                assertThat(f.get().status()).isEqualTo(CommandResult.Status.PROCESSED);
            });
            assertThat(groupSizes).containsExactly(30);
        }
    }

    @Test
    void callerRunsProcessesAnUncontendedCommandOnTheSubmittingThread() throws Exception {
        List<String> hookThreads = Collections.synchronizedList(new ArrayList<>());
        List<String> listenerThreads = Collections.synchronizedList(new ArrayList<>());
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults())
                .commitHook(group -> hookThreads.add(Thread.currentThread().getName()))
                .listener(group -> listenerThreads.add(Thread.currentThread().getName()))
                .inlineCommit(true).callerRuns(true).start()) {
            String me = Thread.currentThread().getName();
            for (int i = 0; i < 20; i++) {
                CompletableFuture<CommandResult> f = runtime.submit(bid(i + 1, "0xa" + i));
                assertThat(f).as("committed before submit returned").isDone();
                assertThat(f.get().status()).isEqualTo(CommandResult.Status.PROCESSED);
            }
            CompletableFuture<Integer> depth = runtime.query(e -> e.depth(1, 5).bids().get(0).orderCount());
            assertThat(depth).isDone();
            assertThat(depth.get()).isEqualTo(20);
            assertThat(hookThreads).as("a group of a query alone commits nothing").hasSize(20).containsOnly(me);
            assertThat(listenerThreads).hasSize(20).containsOnly(me);
        }
    }

    @Test
    void callerRunsUnderContentionKeepsOneSerialOrderThatReplaysToTheSameEvents() throws Exception {
        List<ProcessedCommand> log = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inHook = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CommitHook hook = group -> {
            if (inHook.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            log.addAll(group.commands());
            inHook.decrementAndGet();
        };
        int threads = 8;
        int perThread = 400;
        List<CompletableFuture<CommandResult>> futures = Collections.synchronizedList(new ArrayList<>());
        EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(hook)
                .inlineCommit(true).callerRuns(true).start();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            submitters.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    // Buyers and sellers at one price: about half the orders trade.
                    Side side = (i + id) % 2 == 0 ? Side.BUY : Side.SELL;
                    futures.add(runtime.submit(PlaceOrder.limit(i + 1, "0xb" + id, 1, side, PRICE, SIZE)));
                }
            }));
        }
        start.countDown();
        for (Thread t : submitters) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (CompletableFuture<CommandResult> f : futures) {
            assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(CommandResult.Status.PROCESSED);
        }
        assertThat(runtime.shutdown(10_000)).isTrue();
        assertThat(overlaps.get()).as("the hook never ran twice at once").isZero();
        assertThat(log).hasSize(threads * perThread);
        List<EngineEvent> logged = new ArrayList<>();
        log.forEach(c -> logged.addAll(c.events()));
        for (int i = 0; i < logged.size(); i++) {
            assertThat(logged.get(i).sequence()).as("event sequences in log order").isEqualTo(i + 1L);
        }
        assertThat(logged).anyMatch(EngineEvent.Fill.class::isInstance);
        // Replaying the log in its order gives the very same events: one serial order, deterministic.
        io.hyperperp.core.event.EventRecorder replayed = new io.hyperperp.core.event.EventRecorder();
        io.hyperperp.core.engine.MatchingEngine replay =
                new io.hyperperp.core.engine.MatchingEngine(MarketRegistry.defaults(), replayed);
        log.forEach(c -> replay.process(c.command()));
        assertThat(replayed.events()).isEqualTo(logged);
        assertThat(runtime.submit(bid(9_999, "0xa")).get().status()).isEqualTo(CommandResult.Status.SHUT_DOWN);
    }

    @Test
    void callerRunsNeedsInlineCommit() {
        assertThatThrownBy(() -> EngineRuntime.builder(MarketRegistry.defaults()).callerRuns(true).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inlineCommit");
    }
}
