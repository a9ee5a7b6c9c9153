package io.hyperperp.core.runtime;

import static io.hyperperp.core.runtime.RuntimeOrders.bid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineRuntime} with its engine thread and queue: commands complete after their group's commit, a full
 * queue answers OVERLOADED, a failing or refused commit answers UNAVAILABLE, batches stay whole, shutdown drains,
 * the clock thread expires orders by a logged command. Caller-runs mode is {@link EngineRuntimeCallerRunsTest}'s.
 */
class EngineRuntimeTest {

    @Test
    void commandsCompleteAfterTheirGroupIsCommitted() throws Exception {
        List<Long> committedSequences = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> futureDoneDuringCommit = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
        java.util.Map<Object, CompletableFuture<CommandResult>> byCommand =
                new java.util.concurrent.ConcurrentHashMap<>();
        CommitHook hook = group -> {
            group.events().forEach(e -> committedSequences.add(e.sequence()));
            for (ProcessedCommand c : group.commands()) {
                CompletableFuture<CommandResult> f = byCommand.get(c.command());
                if (f == null || f.isDone()) {
                    futureDoneDuringCommit.add(true);
                }
            }
        };
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(hook).start()) {
            for (int i = 0; i < 100; i++) {
                PlaceOrder command = bid(i + 1, "0xa" + i);
                CompletableFuture<CommandResult> f = new CompletableFuture<>();
                byCommand.put(command, f);
                runtime.submit(command).whenComplete((r, t) -> f.complete(r));
                futures.add(f);
            }
            for (CompletableFuture<CommandResult> f : futures) {
                CommandResult r = f.get(10, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(CommandResult.Status.PROCESSED);
                assertThat(r.order()).isPresent();
                assertThat(r.events()).allMatch(e -> committedSequences.contains(e.sequence()));
            }
            BookDepth depth = runtime.query(e -> e.depth(1, 5)).get(10, TimeUnit.SECONDS);
            assertThat(depth.bids().get(0).orderCount()).isEqualTo(100);
        }
        assertThat(committedSequences).hasSize(200);
        assertThat(futureDoneDuringCommit).isEmpty();
    }

    @Test
    void fullQueueAnswersOverloadedInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inCommit = new CountDownLatch(1);
        CommitHook blocking = group -> {
            inCommit.countDown();
            release.await();
        };
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).queueCapacity(2)
                .maxGroupsInFlight(1).commitHook(blocking).start()) {
            CompletableFuture<CommandResult> first = runtime.submit(bid(1, "0xa"));
            assertThat(inCommit.await(5, TimeUnit.SECONDS)).isTrue();
            // The commit is stuck: one more group may wait for it, the engine thread then waits,
            // and the queue fills up. From then on the answer is OVERLOADED, at once. Until the
            // engine thread is stuck a full queue may still drain, so fill it again and retry (no
            // fixed wait: a busy machine only takes more rounds).
            List<CompletableFuture<CommandResult>> accepted = new ArrayList<>();
            List<CompletableFuture<Integer>> queuedQueries = new ArrayList<>();
            CommandResult overloaded = null;
            Throwable queryRefused = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int i = 0; queryRefused == null; i++) {
                assertThat(System.nanoTime()).as("the queue stays full within 10 s").isLessThan(deadline);
                CompletableFuture<CommandResult> f = runtime.submit(bid(2 + i, "0xb" + i));
                if (f.isDone() && f.get().status() == CommandResult.Status.OVERLOADED) {
                    overloaded = f.get();
                    CompletableFuture<Integer> query = runtime.query(e -> 1);
                    if (query.isCompletedExceptionally()) {
                        queryRefused = query.exceptionNow();
                    } else {
                        queuedQueries.add(query);
                    }
                } else {
                    accepted.add(f);
                }
            }
            assertThat(overloaded).as("an OVERLOADED answer while the commit is stuck").isNotNull();
            assertThat(accepted.size()).isBetween(2, 6);
            assertThat(queryRefused).isInstanceOf(EngineRuntime.OverloadedException.class);
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).processed()).isTrue();
            for (CompletableFuture<CommandResult> f : accepted) {
                assertThat(f.get(5, TimeUnit.SECONDS).processed()).isTrue();
            }
            for (CompletableFuture<Integer> q : queuedQueries) {
                assertThat(q.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
    }

    @Test
    void failingCommitRefusesNewCommandsKeepsQueuedOnesAndRecovers() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(Integer.MAX_VALUE);
        List<Long> committed = Collections.synchronizedList(new ArrayList<>());
        CommitHook flaky = group -> {
            if (failuresLeft.get() > 0) {
                failuresLeft.decrementAndGet();
                throw new IllegalStateException("database down");
            }
            group.events().forEach(e -> committed.add(e.sequence()));
        };
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(flaky)
                .commitRetry(5, 20).start()) {
            CompletableFuture<CommandResult> first = runtime.submit(bid(1, "0xa"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!runtime.isUnavailable() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(runtime.isUnavailable()).isTrue();
            assertThat(runtime.submit(bid(2, "0xb")).get(1, TimeUnit.SECONDS).status())
                    .isEqualTo(CommandResult.Status.UNAVAILABLE);
            assertThat(first).isNotDone();

            failuresLeft.set(0);
            CommandResult result = first.get(5, TimeUnit.SECONDS);
            assertThat(result.processed()).isTrue();
            assertThat(committed).containsExactly(1L, 2L);
            while (runtime.isUnavailable()) {
                Thread.sleep(5);
            }
            assertThat(runtime.submit(bid(3, "0xc")).get(5, TimeUnit.SECONDS).processed()).isTrue();
            assertThat(committed).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void inlineCommitCommitsOnTheEngineThreadBeforeCompletingAndStartsNoCommitThread() throws Exception {
        List<String> hookThreads = Collections.synchronizedList(new ArrayList<>());
        List<String> listenerThreads = Collections.synchronizedList(new ArrayList<>());
        List<Long> committed = Collections.synchronizedList(new ArrayList<>());
        CommitHook hook = group -> {
            hookThreads.add(Thread.currentThread().getName());
            group.events().forEach(e -> committed.add(e.sequence()));
        };
        EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(hook)
                .listener(group -> listenerThreads.add(Thread.currentThread().getName()))
                .threadName("inline-engine").inlineCommit(true).start();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains("inline-engine").doesNotContain("inline-engine-commit");
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(runtime.submit(bid(i + 1, "0xa" + i)));
        }
        for (CompletableFuture<CommandResult> f : futures) {
            CommandResult r = f.get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(CommandResult.Status.PROCESSED);
            assertThat(r.events()).allMatch(e -> committed.contains(e.sequence()));
        }
        assertThat(runtime.shutdown(10_000)).isTrue();
        assertThat(runtime.isRunning()).isFalse();
        assertThat(committed).hasSize(1_000);
        assertThat(hookThreads).isNotEmpty().containsOnly("inline-engine");
        assertThat(listenerThreads).isNotEmpty().containsOnly("inline-engine");
        assertThat(runtime.submit(bid(5_000, "0xa")).get().status()).isEqualTo(CommandResult.Status.SHUT_DOWN);
    }

    @Test
    void aBatchIsProcessedInOneGroupInOrderAndItsFuturesCompleteTogetherAfterTheCommit() throws Exception {
        List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        CommitHook hook = group -> groups.add(group.commands().stream().map(c -> c.command().userAddress()).toList());
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(hook).start()) {
            for (int round = 0; round < 20; round++) {
                CompletableFuture<CommandResult> single = runtime.submit(bid(1_000 * round + 999, "0xs" + round));
                List<PlaceOrder> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    batch.add(bid(1_000 * round + i, "0xb" + round + "-" + i));
                }
                List<CompletableFuture<CommandResult>> futures = runtime.submitAll(List.copyOf(batch));
                assertThat(futures).hasSize(50);
                CommandResult last = futures.get(49).get(10, TimeUnit.SECONDS);
                assertThat(last.command()).isEqualTo(batch.get(49));
                for (int i = 0; i < 50; i++) {
                    assertThat(futures.get(i)).as("completed before the last one").isDone();
                    CommandResult r = futures.get(i).get();
                    assertThat(r.status()).isEqualTo(CommandResult.Status.PROCESSED);
                    assertThat(r.command()).isEqualTo(batch.get(i));
                    assertThat(r.order()).isPresent();
                }
                assertThat(single.get(10, TimeUnit.SECONDS).processed()).isTrue();
            }
        }
        List<String> batchUsers = new ArrayList<>();
        for (List<String> group : groups) {
            List<String> ofBatches = group.stream().filter(u -> u.startsWith("0xb")).toList();
            if (!ofBatches.isEmpty()) {
                assertThat(ofBatches.size() % 50).as("a batch is never split between groups").isZero();
            }
            batchUsers.addAll(ofBatches);
        }
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 50; i++) {
                expected.add("0xb" + round + "-" + i);
            }
        }
        assertThat(batchUsers).containsExactlyElementsOf(expected);
    }

    @Test
    void aBatchNotTakenAnswersEveryCommandWithTheReason() throws Exception {
        EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).start();
        assertThat(runtime.submitAll(List.of())).isEmpty();
        assertThat(runtime.shutdown(10_000)).isTrue();
        List<CompletableFuture<CommandResult>> futures = runtime.submitAll(List.of(bid(1, "0xa"), bid(2, "0xb")));
        assertThat(futures).hasSize(2).allSatisfy(f -> assertThat(f.get().status())
                .isEqualTo(CommandResult.Status.SHUT_DOWN));
        assertThat(futures.get(1).get().command().userAddress()).isEqualTo("0xb");
    }

    @Test
    void shutdownDrainsTheQueueAndRefusesLaterCommands() throws Exception {
        List<EngineEvent> seen = Collections.synchronizedList(new ArrayList<>());
        EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults())
                .listener(group -> seen.addAll(group.events())).start();
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            futures.add(runtime.submit(bid(i + 1, "0xa")));
        }
        assertThat(runtime.shutdown(10_000)).isTrue();
        for (CompletableFuture<CommandResult> f : futures) {
            assertThat(f.get().processed()).isTrue();
        }
        assertThat(seen).hasSize(2_000);
        assertThat(runtime.submit(bid(5_000, "0xa")).get().status()).isEqualTo(CommandResult.Status.SHUT_DOWN);
        assertThatThrownBy(() -> runtime.query(e -> 1).get()).isInstanceOf(ExecutionException.class);
    }

    @Test
    void aRefusedCommitAnswersUnavailableAndNothingMoreIsCommittedOrAcknowledged() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<ProcessedGroup> told = Collections.synchronizedList(new ArrayList<>());
        CommitHook refusing = group -> {
            attempts.incrementAndGet();
            throw new CommitRefusedException("another instance leads");
        };
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(refusing)
                .listener(told::add).start()) {
            CommandResult first = runtime.submit(bid(1, "0xa1")).get(10, TimeUnit.SECONDS);
            assertThat(first.status()).isEqualTo(CommandResult.Status.UNAVAILABLE);
            assertThat(first.events()).isEmpty();
            assertThat(runtime.isRefused()).isTrue();
            assertThat(runtime.isUnavailable()).isTrue();
            CommandResult later = runtime.submit(bid(2, "0xa2")).get(10, TimeUnit.SECONDS);
            assertThat(later.status()).isEqualTo(CommandResult.Status.UNAVAILABLE);
            assertThat(attempts.get()).as("a refusal is not retried").isEqualTo(1);
            assertThat(told).as("listeners hear of committed groups only").isEmpty();
            assertThat(runtime.shutdown(10_000)).isTrue();
        }
    }

    @Test
    void anIdleRuntimeExpiresDueOrdersWithALoggedAdvanceTimeCommand() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000);
        List<io.hyperperp.core.command.Command> committed = Collections.synchronizedList(new ArrayList<>());
        CommitHook hook = group -> group.commands().forEach(c -> committed.add(c.command()));
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(hook)
                .timeAdvance(5, clock::get).start()) {
            PlaceOrder expiring = bid(1_000, "0xa11ce").withExpiresAt(2_000);
            assertThat(runtime.submit(expiring).get(10, TimeUnit.SECONDS).order()).isPresent();
            // Not due yet: nothing is injected however long the clock thread runs.
            assertThat(runtime.query(e -> e.depth(1, 5).bids().size()).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            clock.set(2_001);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (runtime.query(e -> e.depth(1, 5).bids().size()).get(10, TimeUnit.SECONDS) != 0) {
                assertThat(System.nanoTime()).as("order expired within 10 s").isLessThan(deadline);
                Thread.sleep(5); // polling for the condition, with the deadline above
            }
        }
        List<io.hyperperp.core.command.Command> advances = committed.stream()
                .filter(io.hyperperp.core.command.AdvanceTime.class::isInstance).toList();
        assertThat(advances).hasSize(1);
        assertThat(advances.get(0).timestamp()).isEqualTo(2_001);
        // Replaying what was committed gives the same book: the expiry is in the log.
        io.hyperperp.core.engine.MatchingEngine replay = new io.hyperperp.core.engine.MatchingEngine(
                MarketRegistry.defaults(), io.hyperperp.core.event.EngineEventHandler.NO_OP);
        committed.forEach(replay::process);
        assertThat(replay.depth(1, 5).bids()).isEmpty();
    }
}