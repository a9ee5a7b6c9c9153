package io.hyperperp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventHasher;
import io.hyperperp.core.order.TimeInForce;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixedWorkloadTest {

    private static final int N = 100_000;

    @Test
    void isDeterministicForASeed() {
        MixedWorkload a = MixedWorkload.generate(42, 5_000);
        MixedWorkload b = MixedWorkload.generate(42, 5_000);
        MixedWorkload c = MixedWorkload.generate(43, 5_000);
        assertThat(a.warmup()).isEqualTo(b.warmup());
        assertThat(a.measured()).isEqualTo(b.measured());
        assertThat(a.measured()).isNotEqualTo(c.measured());
    }

    @Test
    void hasTheExchangeCoreShape() {
        MixedWorkload w = MixedWorkload.generate(7, N);
        MixedWorkload.Stats s = w.stats();
        System.out.println("workload stats: " + s + ", warm-up " + w.warmup().size());
        assertThat(w.warmup()).hasSize(1_000);
        assertThat(s.levelsAfterWarmup()).isBetween(650, 850);
        assertThat(s.rejects()).isZero();
        double tradeShare = 100.0 * s.tradingCommands() / N;
        assertThat(tradeShare).isBetween(5.0, 7.0);
        assertThat(s.minRestingOrders()).isGreaterThan(800);
        assertThat(s.maxRestingOrders()).isLessThan(1_200);

        long gtc = count(w.measured(), c -> c instanceof PlaceOrder p && p.timeInForce() == TimeInForce.GTC);
        long ioc = count(w.measured(), c -> c instanceof PlaceOrder p && p.timeInForce() == TimeInForce.IOC);
        long cancels = count(w.measured(), c -> c instanceof CancelOrder);
        long amends = count(w.measured(), c -> c instanceof AmendOrder);
        assertThat(100.0 * gtc / N).isBetween(8.5, 9.5);
        assertThat(100.0 * ioc / N).isBetween(2.7, 3.3);
        assertThat(100.0 * cancels / N).isBetween(5.6, 6.4);
        assertThat(100.0 * amends / N).isBetween(81.0, 83.0);
        assertThat(w.measured().stream().map(Command::userAddress).distinct().count()).isEqualTo(1_000);
    }

    @Test
    void replaysWithoutRejectsAndWithTheSameEvents() {
        MixedWorkload w = MixedWorkload.generate(3, 20_000);
        String first = hash(w);
        assertThat(hash(w)).isEqualTo(first);
        CountingHandler counter = new CountingHandler();
        MatchingEngine engine = new MatchingEngine(MixedWorkload.registry(), counter);
        w.warmup().forEach(engine::process);
        w.measured().forEach(engine::process);
        assertThat(counter.rejected()).isZero();
        assertThat(counter.fills()).isGreaterThan(0);
    }

    private static String hash(MixedWorkload w) {
        EventHasher hasher = new EventHasher();
        MatchingEngine engine = new MatchingEngine(MixedWorkload.registry(), hasher);
        w.warmup().forEach(engine::process);
        w.measured().forEach(engine::process);
        return hasher.hexDigest();
    }

    private static long count(List<Command> commands, java.util.function.Predicate<Command> p) {
        return commands.stream().filter(p).count();
    }
}
