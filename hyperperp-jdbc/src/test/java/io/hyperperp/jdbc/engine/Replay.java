package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.LevelOrders;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/** Test helpers: in-memory replays, event hashes, book dumps, table dumps. */
final class Replay {

    private Replay() {
    }

    /** An in-memory engine that also collects its events. */
    static final class Reference {
        final EventRecorder recorder = new EventRecorder();
        final MatchingEngine engine = new MatchingEngine(TestMarkets.registry(), recorder);
        final List<EngineEvent> events = new ArrayList<>();

        List<EngineEvent> process(Command command) {
            recorder.events().clear();
            engine.process(command);
            List<EngineEvent> out = List.copyOf(recorder.events());
            events.addAll(out);
            return out;
        }
    }

    /** @return an engine that processed the commands */
    static MatchingEngine run(List<Command> commands) {
        Reference r = new Reference();
        commands.forEach(r.engine::process);
        return r.engine;
    }

    /** Submits all commands (in order, without waiting in between) and returns their events in order. */
    static List<EngineEvent> submitAll(EngineRuntime runtime, List<Command> commands) throws Exception {
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>(commands.size());
        for (Command c : commands) {
            futures.add(runtime.submit(c));
        }
        List<EngineEvent> events = new ArrayList<>();
        for (CompletableFuture<CommandResult> f : futures) {
            CommandResult r = f.get(120, TimeUnit.SECONDS);
            if (!r.processed()) {
                throw new AssertionError("not processed: " + r.status());
            }
            events.addAll(r.events());
        }
        return events;
    }

    static String hash(List<EngineEvent> events) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (EngineEvent e : events) {
                sha.update(e.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** L2 and L3 of every test market, as text. */
    static String books(MatchingEngine engine) {
        StringBuilder out = new StringBuilder();
        List<Long> ids = new ArrayList<>(engine.openedMarkets());
        for (MarketSpec m : TestMarkets.SPECS) {
            if (!ids.contains(m.marketId())) {
                ids.add(m.marketId());
            }
        }
        for (long id : ids) {
            out.append(engine.depth(id, Integer.MAX_VALUE)).append('\n');
            for (Side side : Side.values()) {
                for (LevelOrders level : engine.levelOrders(id, side, Integer.MAX_VALUE)) {
                    out.append(level).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Everything the hook writes except wall-clock columns, as sorted text rows. */
    static List<String> tables(Jdbi jdbi) {
        List<String> out = new ArrayList<>();
        for (String sql : List.of(
                "SELECT 'o', id, user_address, market_id, side, order_type, time_in_force, size, price, filled_size,"
                        + " open_size, status, client_order_id, reduce_only, stp, expires_at_us, priority_sequence,"
                        + " accepted_sequence, cancel_reason, created_at_us FROM orders ORDER BY id",
                "SELECT 't', id, trade_number, sequence, market_id, taker_order_id, maker_order_id, taker_address,"
                        + " maker_address, taker_side, price, size, taker_fee, maker_fee, engine_timestamp_us, price_x,"
                        + " fee_bps FROM trades ORDER BY trade_number",
                "SELECT 'p', * FROM positions ORDER BY user_address, market_id",
                "SELECT 'm', market_id, symbol, price_decimals, size_decimals, spec, last_trade_price, book_sequence"
                        + " FROM markets ORDER BY market_id",
                "SELECT 's', last_command_number, last_sequence, last_order_number, last_trade_number,"
                        + " last_command_timestamp_us FROM engine_state",
                "SELECT 'c', command_number, timestamp_us, first_sequence, last_sequence, payload FROM command_log"
                        + " ORDER BY command_number")) {
            out.addAll(jdbi.withHandle(h -> h.createQuery(sql).map((rs, ctx) -> {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(rs.getString(i)).append('|');
                }
                return row.toString();
            }).list()));
        }
        return out;
    }
}
