package io.hyperperp.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The commit thread waits briefly for the commands of the clients its last commit answered, so clients that
 * each wait for their answer before sending again end up in one group per commit instead of two alternating
 * halves.
 */
class GroupCommitGatherTest {

    private static final int CLIENTS = 32;
    private static final int ORDERS_PER_CLIENT = 40;
    /** The hook's time per commit, like a database's fixed cost per transaction. */
    private static final long COMMIT_MILLIS = 3;

    @Test
    void closedLoopClientsAreCommittedTogetherNotInAlternatingHalves() throws Exception {
        List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        CommitHook slowHook = group -> {
            groupSizes.add(group.commands().size());
            Thread.sleep(COMMIT_MILLIS);
        };
        AtomicLong timestamps = new AtomicLong();
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(slowHook).start();
             ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String user = "0xc" + c;
                running.add(clients.submit(() -> {
                    for (int i = 0; i < ORDERS_PER_CLIENT; i++) {
                        PlaceOrder bid = PlaceOrder.limit(timestamps.incrementAndGet(), user, 1, Side.BUY,
                                3_000_000_000_000L - i, 100_000_000L);
                        CommandResult result = runtime.submit(bid).get(30, TimeUnit.SECONDS);
                        assertThat(result.status()).isEqualTo(CommandResult.Status.PROCESSED);
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        }
        List<Integer> sizes = List.copyOf(groupSizes);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(CLIENTS * ORDERS_PER_CLIENT);
        // Without the wait the clients settle into two cohorts of about 16 that alternate (about 80 commits);
        // with it most commits carry nearly all 32 (48 and 79 commits in one run each). A loose bound, for a busy machine.
        assertThat(sizes.size()).as("commits for %s", sizes).isLessThan(66);
    }

    @Test
    void theWaitIsBoundedByTheSettingAndZeroTurnsItOff() throws Exception {
        long withWait = loneCommandAfterABigGroupMillis(150_000); // the wait: min(150 ms, half a 300 ms commit)
        long without = loneCommandAfterABigGroupMillis(0);
        assertThat(withWait).as("waited for returning clients").isGreaterThanOrEqualTo(SLOW_COMMIT_MILLIS + 140);
        assertThat(without).as("no wait (with the wait: %d ms)", withWait).isLessThan(withWait - 100);
    }

    @Test
    void aGatherOutsideItsRangeIsRefused() {
        EngineRuntime.Builder builder = EngineRuntime.builder(MarketRegistry.defaults());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.commitGather(-1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.commitGather(1_000_001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static final long SLOW_COMMIT_MILLIS = 300;

    /**
     * Commits one command, then ten at once (a group of ten whose commit takes {@link #SLOW_COMMIT_MILLIS}), then
     * times one more command alone: a gathering commit thread waits for the other nine clients before committing it.
     */
    private static long loneCommandAfterABigGroupMillis(long gatherMicros) throws Exception {
        CommitHook slowHook = group -> Thread.sleep(SLOW_COMMIT_MILLIS);
        AtomicLong timestamps = new AtomicLong();
        try (EngineRuntime runtime = EngineRuntime.builder(MarketRegistry.defaults()).commitHook(slowHook)
                .commitGather(gatherMicros).start()) {
            List<Future<CommandResult>> first = new ArrayList<>();
            first.add(runtime.submit(order(timestamps, 0)));
            Thread.sleep(50); // the first commit is running: the next ten make one group behind it
            for (int i = 1; i <= 10; i++) {
                first.add(runtime.submit(order(timestamps, i)));
            }
            for (Future<CommandResult> f : first) {
                assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(CommandResult.Status.PROCESSED);
            }
            long start = System.nanoTime();
            CommandResult lone = runtime.submit(order(timestamps, 11)).get(30, TimeUnit.SECONDS);
            assertThat(lone.status()).isEqualTo(CommandResult.Status.PROCESSED);
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static PlaceOrder order(AtomicLong timestamps, int i) {
        return PlaceOrder.limit(timestamps.incrementAndGet(), "0xd" + i, 1, Side.BUY, 3_000_000_000_000L - i,
                100_000_000L);
    }
}
