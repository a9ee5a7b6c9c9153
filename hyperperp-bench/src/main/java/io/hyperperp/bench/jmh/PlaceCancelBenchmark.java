package io.hyperperp.bench.jmh;

import io.hyperperp.bench.CountingHandler;
import io.hyperperp.bench.MixedWorkload;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.order.Side;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Place a non-crossing GTC order, then cancel it by client order id: the steady-state hot path
 * without trades. All commands are built in the setup and reused, and the handler only counts, so
 * with {@code -prof gc} the {@code gc.alloc.rate.norm} column shows what the engine itself
 * allocates per place+cancel pair (the goal is zero).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlaceCancelBenchmark {

    private static final int RING = 1024;
    private static final long TICK = 1_000_000L;
    private static final long LOT = 10_000L;

    private final PlaceOrder[] places = new PlaceOrder[RING];
    private final CancelOrder[] cancels = new CancelOrder[RING];
    private MatchingEngine engine;
    private CountingHandler handler;
    private int next;

    /** An engine with a resting book of 200 levels a side and the command ring. */
    @Setup(Level.Trial)
    public void setUp() {
        handler = new CountingHandler();
        engine = new MatchingEngine(MixedWorkload.registry(), handler);
        long ts = MixedWorkload.START_TIMESTAMP;
        for (int i = 1; i <= 200; i++) {
            engine.process(PlaceOrder.limit(ts++, "0x" + Integer.toHexString(i), 1, Side.BUY,
                    MixedWorkload.MID_PRICE - i * TICK, 100 * LOT));
            engine.process(PlaceOrder.limit(ts++, "0x" + Integer.toHexString(i), 1, Side.SELL,
                    MixedWorkload.MID_PRICE + i * TICK, 100 * LOT));
        }
        for (int i = 0; i < RING; i++) {
            String user = "0x" + Integer.toHexString(1_000 + i % 64);
            String clientId = "pc-" + i;
            Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
            long offset = (1 + i % 250) * TICK;
            long price = side == Side.BUY ? MixedWorkload.MID_PRICE - offset : MixedWorkload.MID_PRICE + offset;
            places[i] = PlaceOrder.limit(ts, user, 1, side, price, (1 + i % 7) * LOT).withClientOrderId(clientId);
            cancels[i] = new CancelOrder(ts, user, 1, CancelOrder.NO_ORDER_ID, clientId);
        }
    }

    /** One place and one cancel. */
    @Benchmark
    public long placeCancel() {
        int i = next;
        next = (i + 1) & (RING - 1);
        Command place = places[i];
        engine.process(place);
        engine.process(cancels[i]);
        return handler.checksum();
    }
}
