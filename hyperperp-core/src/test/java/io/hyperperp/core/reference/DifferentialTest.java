package io.hyperperp.core.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds the same random commands to the engine and to {@link ReferenceModel} and requires the same
 * events for every command and the same books and positions along the way.
 *
 * <p>Every 20,000 commands the engine is also rebuilt from its own {@link EngineImage} and the
 * run continues on the restored engine.
 *
 * <p>Reproduce one seed with {@code -Dhyperperp.seed=<seed>} (optionally
 * {@code -Dhyperperp.commands=<n>} and {@code -Dhyperperp.strict=true}).
 */
class DifferentialTest {

    private static final long[] SEEDS = {1L, 2L, 3L, 4L, 0xC0FFEEL, 0xBADC0DEL, 20_250_101L, 987_654_321L,
        5L, 6L, 7L, 8L};
    private static final int COMMANDS_PER_SEED = 125_000;
    private static final int STATE_CHECK_EVERY = 10_000;
    private static final int MIN_COMMANDS_FOR_COVERAGE = 50_000;

    @TestFactory
    Stream<DynamicTest> engineMatchesReferenceModel() {
        String override = System.getProperty("hyperperp.seed");
        if (override != null && !override.isBlank()) {
            long seed = Long.decode(override.trim());
            int commands = Integer.getInteger("hyperperp.commands", COMMANDS_PER_SEED);
            boolean strict = Boolean.getBoolean("hyperperp.strict");
            return Stream.of(DynamicTest.dynamicTest("seed " + seed, () -> run(seed, commands, strict)));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < SEEDS.length; i++) {
            long seed = SEEDS[i];
            boolean strict = i % 4 == 3;
            tests.add(DynamicTest.dynamicTest("seed " + seed + (strict ? " (strict registry)" : ""),
                    () -> run(seed, COMMANDS_PER_SEED, strict)));
        }
        return tests.stream();
    }

    /** Runs one seed; public so other tests can reuse it. */
    static Coverage run(long seed, int commands, boolean strict) {
        MarketRegistry registry = RandomCommands.registry(strict);
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(registry, recorder);
        ReferenceModel model = new ReferenceModel(registry);
        RandomCommands generator = new RandomCommands(seed, model);
        Coverage coverage = new Coverage();
        long started = System.nanoTime();
        for (int i = 0; i < commands; i++) {
            Command command = generator.next();
            List<EngineEvent> expected = model.process(command);
            engine.process(command);
            List<EngineEvent> actual = recorder.drain();
            compareEvents(seed, strict, i, command, expected, actual);
            coverage.record(command, expected);
            if ((i + 1) % STATE_CHECK_EVERY == 0 || i == commands - 1) {
                compareState(seed, strict, i, engine, model);
                for (long market : model.openedMarkets()) {
                    BookDepth depth = model.depth(market);
                    coverage.maxLevels = Math.max(coverage.maxLevels, Math.max(depth.bids().size(), depth.asks().size()));
                }
                if ((i + 1) % (2 * STATE_CHECK_EVERY) == 0) {
                    // Continue on an engine rebuilt from an image: it must behave as if it never stopped.
                    EngineImage image = engine.image();
                    engine = MatchingEngine.restore(registry, recorder, image);
                    assertThat(engine.image()).as(where(seed, strict, i) + ": image after restore").isEqualTo(image);
                    compareState(seed, strict, i, engine, model);
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("differential seed %d%s: %d commands, %d events in %d ms%n", seed,
                strict ? " (strict)" : "", commands, model.sequence(), millis);
        System.out.println("  " + coverage);
        if (commands >= MIN_COMMANDS_FOR_COVERAGE) {
            coverage.assertComplete(seed, strict);
        }
        return coverage;
    }

    private static String where(long seed, boolean strict, int index) {
        return "seed=" + seed + (strict ? " (strict registry)" : "") + " command #" + index
                + " (reproduce: -Dhyperperp.seed=" + seed + " -Dhyperperp.commands=" + (index + 1)
                + (strict ? " -Dhyperperp.strict=true" : "") + ")";
    }

    private static void compareEvents(long seed, boolean strict, int index, Command command,
                                      List<EngineEvent> expected, List<EngineEvent> actual) {
        if (expected.equals(actual)) {
            for (int k = 0; k < expected.size(); k++) {
                // A triggered stop that no longer passes is rejected with the placement it became.
                boolean triggered = expected.subList(0, k).stream()
                        .anyMatch(EngineEvent.ConditionalTriggered.class::isInstance);
                if (expected.get(k) instanceof EngineEvent.CommandRejected r && !triggered
                        && ((EngineEvent.CommandRejected) actual.get(k)).command() != command) {
                    fail(where(seed, strict, index) + ": rejection does not carry the command object itself: "
                            + r);
                }
            }
            return;
        }
        int first = 0;
        while (first < expected.size() && first < actual.size() && expected.get(first).equals(actual.get(first))) {
            first++;
        }
        StringBuilder message = new StringBuilder();
        message.append(where(seed, strict, index)).append('\n');
        message.append("command: ").append(command).append('\n');
        message.append("first difference at event ").append(first).append('\n');
        message.append("  model : ").append(first < expected.size() ? expected.get(first) : "<none>").append('\n');
        message.append("  engine: ").append(first < actual.size() ? actual.get(first) : "<none>").append('\n');
        message.append("all model events:\n");
        expected.forEach(e -> message.append("    ").append(e).append('\n'));
        message.append("all engine events:\n");
        actual.forEach(e -> message.append("    ").append(e).append('\n'));
        fail(message.toString());
    }

    private static void compareState(long seed, boolean strict, int index, MatchingEngine engine,
                                     ReferenceModel model) {
        String at = where(seed, strict, index);
        assertThat(engine.openedMarkets()).as(at + ": opened markets").isEqualTo(model.openedMarkets());
        for (long market : model.openedMarkets()) {
            assertThat(engine.depth(market, Integer.MAX_VALUE)).as(at + ": L2 of market " + market)
                    .isEqualTo(model.depth(market));
            for (Side side : Side.values()) {
                assertThat(engine.levelOrders(market, side, Integer.MAX_VALUE))
                        .as(at + ": L3 of market " + market + " " + side)
                        .isEqualTo(model.levelOrders(market, side));
            }
        }
        Set<String> users = new HashSet<>(model.knownUsers());
        for (int i = 0; i < 64; i++) {
            users.add("0xu" + Integer.toHexString(0x100 + i));
        }
        for (String user : users) {
            assertThat(engine.positions(user)).as(at + ": positions of " + user).isEqualTo(model.positions(user));
            assertThat(engine.openOrders(user, -1)).as(at + ": open orders of " + user)
                    .isEqualTo(model.openOrders(user, -1));
            assertThat(engine.conditionalOrders(user, -1)).as(at + ": conditional orders of " + user)
                    .isEqualTo(model.conditionalOrders(user));
        }
        for (long market : model.openedMarkets()) {
            assertThat(engine.markPrice(market)).as(at + ": mark price of " + market).isEqualTo(model.markPrice(market));
        }
        assertThat(engine.counters().sequence()).as(at + ": sequence").isEqualTo(model.sequence());
    }

    /** What a run exercised. */
    static final class Coverage {
        final Set<Class<?>> eventTypes = new HashSet<>();
        final Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
        final Map<CancelReason, Long> cancels = new EnumMap<>(CancelReason.class);
        final Map<String, Long> eventCounts = new TreeMap<>();
        long fills;
        long selfTrades;
        long reduceOnlyCuts;
        long amendsThatTraded;
        long rebates;
        int maxLevels;
        long amendPostOnlyCrosses;

        void record(Command command, List<EngineEvent> events) {
            boolean isAmend = command instanceof AmendOrder;
            for (EngineEvent e : events) {
                eventTypes.add(e.getClass());
                eventCounts.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                if (e instanceof EngineEvent.CommandRejected r) {
                    rejects.merge(r.reason(), 1L, Long::sum);
                    if (isAmend && r.reason() == RejectReason.POST_ONLY_WOULD_CROSS) {
                        amendPostOnlyCrosses++;
                    }
                } else if (e instanceof EngineEvent.OrderCancelled c) {
                    cancels.merge(c.reason(), 1L, Long::sum);
                } else if (e instanceof EngineEvent.ConditionalCancelled c) {
                    cancels.merge(c.reason(), 1L, Long::sum);
                } else if (e instanceof EngineEvent.Fill f) {
                    fills++;
                    if (f.taker().userAddress().equals(f.maker().userAddress())) {
                        selfTrades++;
                    }
                    if (isAmend) {
                        amendsThatTraded++;
                    }
                    if (f.makerFee() < 0) {
                        rebates++;
                    }
                } else if (e instanceof EngineEvent.OrderAmended a && !isAmend) {
                    reduceOnlyCuts++;
                }
            }
        }

        @Override
        public String toString() {
            return "events " + eventCounts + "\n  rejects " + rejects + "\n  cancels " + cancels + "\n  fills "
                    + fills + ", self-trades " + selfTrades + ", reduce-only cuts " + reduceOnlyCuts
                    + ", amends that traded " + amendsThatTraded + ", rebates " + rebates
                    + ", most levels on one side " + maxLevels + ", post-only amends refused for crossing "
                    + amendPostOnlyCrosses;
        }

        void assertComplete(long seed, boolean strict) {
            String at = "seed=" + seed + (strict ? " (strict)" : "");
            // margin events and reasons are covered by the risk differential test
            assertThat(eventTypes).as(at + ": event types")
                    .hasSize(EngineEvent.class.getPermittedSubclasses().length - 1);
            Set<RejectReason> wanted = EnumSet.allOf(RejectReason.class);
            wanted.removeIf(RejectReason::risk);
            if (strict) {
                // a strict registry opens no market for an unknown id: UNKNOWN_MARKET, never TOO_MANY_MARKETS
                wanted.remove(RejectReason.TOO_MANY_MARKETS);
            }
            assertThat(rejects.keySet()).as(at + ": reject reasons").containsAll(wanted);
            Set<CancelReason> wantedCancels = EnumSet.allOf(CancelReason.class);
            wantedCancels.removeIf(CancelReason::risk);
            assertThat(cancels.keySet()).as(at + ": cancel reasons").containsAll(wantedCancels);
            assertThat(fills).as(at + ": fills").isGreaterThan(1_000);
            assertThat(selfTrades).as(at + ": self-trades").isGreaterThan(10);
            assertThat(reduceOnlyCuts).as(at + ": reduce-only cut-downs").isGreaterThan(0);
            assertThat(amendsThatTraded).as(at + ": amends that traded").isGreaterThan(0);
            assertThat(rebates).as(at + ": maker rebates").isGreaterThan(0);
            assertThat(maxLevels).as(at + ": deep books").isGreaterThan(64);
            assertThat(amendPostOnlyCrosses).as(at + ": post-only amends that would cross").isGreaterThan(0);
        }
    }
}
