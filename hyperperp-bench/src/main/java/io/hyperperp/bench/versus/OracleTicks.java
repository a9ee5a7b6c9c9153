package io.hyperperp.bench.versus;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.market.MarketRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * An oracle that ticks during the run: the stream with an {@code update_mark_price} after every
 * {@code every} commands, as a production market's oracle posts a mark every few milliseconds whatever
 * the trading does. Each tick's price is the market's last trade at that point of the stream (the mid
 * of the best bid and ask before the first trade; no tick while the book is empty and nothing traded),
 * found by replaying the stream once, untimed, on an engine without margin: the fills do not depend on
 * the margin set-up, which refuses nothing, so the ticks follow the price the timed run sees. The same
 * stream gives the same ticks, byte for byte.
 */
public final class OracleTicks {

    private OracleTicks() {
    }

    /** {@code commands} with the oracle's ticks in market {@code marketId} after every {@code every} of them. */
    public static List<Command> insert(List<Command> commands, MarketRegistry registry, long marketId, int every) {
        if (every <= 0) {
            throw new IllegalArgumentException("a tick every " + every + " commands");
        }
        MatchingEngine engine = new MatchingEngine(registry, EngineEventHandler.NO_OP);
        List<Command> out = new ArrayList<>(commands.size() + commands.size() / every);
        for (int i = 0; i < commands.size(); i++) {
            Command command = commands.get(i);
            engine.process(command);
            out.add(command);
            if ((i + 1) % every == 0) {
                long price = price(engine.depth(marketId, 1));
                if (price > 0) {
                    out.add(new UpdateMarkPrice(command.timestamp(), MarginSetup.ORACLE, marketId, price));
                }
            }
        }
        return out;
    }

    private static long price(BookDepth depth) {
        if (depth.lastTradePrice() != 0) {
            return depth.lastTradePrice();
        }
        long bid = depth.bestBid();
        long ask = depth.bestAsk();
        return bid == 0 || ask == 0 ? Math.max(bid, ask) : bid + (ask - bid) / 2;
    }
}
