package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementConfig;
import io.hyperperp.core.settlement.SettlementListener;
import io.hyperperp.jdbc.DatabaseConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs in a separate JVM for {@link CrashIT}: recovers a {@link PersistentEngine} from the database named by
 * {@code args[0]} (user {@code args[1]}; the tables written as {@code args[3]} says, inline by default), settles with a local ledger, and submits random commands from four
 * threads until it is killed. Prints {@code READY}, then {@code ACK <timestamp>} for every acknowledged command
 * and {@code BATCH <number> <status>} for every saved settlement batch, each flushed at once.
 */
public final class CrashChild {

    static final String READY = "CRASH-CHILD-READY";

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        DatabaseConfig config = DatabaseConfig.external(args[0]).withCredentials(args[1], null).withPoolSize(4);
        long seed = Long.parseLong(args[2]);
        MarketRegistry registry = TestMarkets.registry();
        AtomicReference<RandomCommandStream> stream = new AtomicReference<>();
        ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler();
        SettlementListener printer = new SettlementListener() {
            @Override
            public void batchChanged(SettlementBatch batch) {
                line(out, "BATCH " + batch.batchId() + " " + batch.status().wireName());
            }
        };
        PersistentEngine engine = PersistentEngine.builder(config, registry)
                .tables(args.length > 3 ? TablesMode.parse(args[3]) : TablesMode.INLINE)
                .maxGroupSize(1 + (int) Math.floorMod(seed, 512))
                .listener(group -> {
                    RandomCommandStream s = stream.get();
                    if (s != null) {
                        s.observe(group.events());
                    }
                })
                .listenerFactory(store -> {
                    SettlementBatcher batcher = new SettlementBatcher(
                            SettlementConfig.defaults().withBatching(5, 20), registry, store,
                            new LocalSettlementLedger(registry), scheduler, null, printer);
                    batcher.start();
                    return batcher;
                })
                .start();
        RandomCommandStream s = new RandomCommandStream(seed, 10,
                engine.recoveredImage().counters().lastTimestamp() + 1);
        s.knowOpen(engine.recoveredImage().openOrders());
        stream.set(s);
        line(out, READY);
        for (int t = 0; t < 4; t++) {
            Thread producer = new Thread(() -> produce(engine, s::next, out), "producer-" + t);
            producer.start();
        }
        // Accounts too: deposits, withdrawals, leverage, margined trades, mark moves that liquidate, funding.
        MarginCommandStream margin = new MarginCommandStream(seed, s::nextTimestamp);
        new Thread(() -> produce(engine, margin::next, out), "producer-margin").start();
    }

    private static void produce(PersistentEngine engine, java.util.function.Supplier<Command> stream, PrintStream out) {
        Semaphore window = new Semaphore(32);
        while (true) {
            window.acquireUninterruptibly();
            Command c = stream.get();
            engine.runtime().submit(c).whenComplete((r, e) -> {
                window.release();
                if (r != null && r.processed()) {
                    line(out, "ACK " + c.timestamp());
                }
            });
        }
    }

    private static void line(PrintStream out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
