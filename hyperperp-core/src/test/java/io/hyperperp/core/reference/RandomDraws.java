package io.hyperperp.core.reference;

import static io.hyperperp.core.reference.RandomCommands.HUGE_SIZE_MARKET;
import static io.hyperperp.core.reference.RandomCommands.MORE_UNCONFIGURED_MARKETS;
import static io.hyperperp.core.reference.RandomCommands.NEGATIVE_MARKET;
import static io.hyperperp.core.reference.RandomCommands.UNCONFIGURED_MARKET;
import static io.hyperperp.core.reference.RandomCommands.specs;

import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the kinds of command of one {@link RandomCommands} generator share: the seeded random source (one stream, so
 * that a seed gives the same log), the model they read, the clock, the markets and users; and the draws more than
 * one kind makes (a user, a market, a size, a client order id).
 */
final class RandomDraws {

    /** One market as the generator sees it: its rules and a mid price that drifts. */
    static final class Gen {
        final long id;
        final long tick;
        final long lot;
        final long min;
        final long max;
        final int band;
        long midTicks;

        Gen(MarketSpec s, long midPrice) {
            this.id = s.marketId();
            this.tick = s.tickSize();
            this.lot = s.lotSize();
            this.min = s.minSize();
            this.max = s.maxSize();
            this.band = s.priceBandBps();
            this.midTicks = midPrice / s.tickSize();
        }
    }

    final Random rnd;
    /** Read only: aims commands at real orders, positions and prices. */
    final ReferenceModel model;
    private final List<Gen> markets = new ArrayList<>();
    final Gen negative;
    final List<String> users = new ArrayList<>();
    private final int activeUsers;
    /** The timestamp of the command being drawn. */
    long now = 1_700_000_000_000_000L;
    private long clientCounter;

    RandomDraws(long seed, ReferenceModel model) {
        this.rnd = new Random(seed);
        this.model = model;
        List<MarketSpec> specs = specs();
        markets.add(new Gen(specs.get(0), 10_000_000_000L)); // 100.00
        markets.add(new Gen(specs.get(1), 250_000L)); // 25.0000
        markets.add(new Gen(specs.get(2), 50_000L)); // 500.00
        markets.add(new Gen(specs.get(3), 100L)); // 1.00
        markets.add(new Gen(specs.get(4), Long.MAX_VALUE - 8));
        MarketSpec template = MarketSpec.defaults(UNCONFIGURED_MARKET);
        markets.add(new Gen(template, 3_000_000_000L)); // 30.00
        for (long id : MORE_UNCONFIGURED_MARKETS) {
            markets.add(new Gen(MarketSpec.defaults(id), 3_000_000_000L));
        }
        negative = new Gen(template.withId(0, "x"), 3_000_000_000L);
        int n = 20 + rnd.nextInt(31);
        for (int i = 0; i < n; i++) {
            users.add("0xu" + Integer.toHexString(0x100 + i));
        }
        activeUsers = 4 + rnd.nextInt(5);
    }

    String user() {
        int r = rnd.nextInt(100);
        if (r == 0) {
            return "";
        }
        if (r < 70) {
            return users.get(rnd.nextInt(activeUsers));
        }
        return users.get(rnd.nextInt(users.size()));
    }

    Gen market() {
        int r = rnd.nextInt(100);
        if (r < 2) {
            return negative;
        }
        if (r < 32) {
            return markets.get(0);
        }
        if (r < 57) {
            return markets.get(1);
        }
        if (r < 78) {
            return markets.get(2);
        }
        if (r < 84) {
            return markets.get(3);
        }
        if (r < 88) {
            return markets.get(4);
        }
        if (r < 96) {
            return markets.get(5);
        }
        return markets.get(6 + r - 96);
    }

    long marketId(Gen g) {
        return g == negative ? NEGATIVE_MARKET : g.id;
    }

    <T> T oneOf(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    Gen gen(long marketId) {
        for (Gen g : markets) {
            if (g.id == marketId) {
                return g;
            }
        }
        throw new IllegalStateException("no generator market " + marketId);
    }

    long size(Gen g, long position) {
        if (g.id == HUGE_SIZE_MARKET && rnd.nextInt(4) != 0) {
            return boundarySize(g);
        }
        int r = rnd.nextInt(1000);
        if (r < 5) {
            return 0;
        }
        if (r < 10) {
            return -g.lot * (1 + rnd.nextInt(10));
        }
        if (r < 20 && g.lot > 1) {
            return g.min + g.lot * rnd.nextInt(10) + 1 + rnd.nextInt((int) Math.min(g.lot - 1, 1000));
        }
        if (r < 30 && g.min > g.lot) {
            return g.lot * (1 + rnd.nextInt((int) (g.min / g.lot - 1)));
        }
        if (r < 38) {
            return g.max + g.lot * (1 + rnd.nextInt(3));
        }
        if (r < 40) {
            return g.max;
        }
        if (r < 200 && position > 0) {
            long lots = Math.max(1, position / g.lot);
            return Math.max(g.min, g.lot * (1 + rnd.nextInt((int) Math.min(lots, 500_000) * 2)));
        }
        if (r < 260) {
            return g.min * (20 + rnd.nextInt(80));
        }
        return g.min * (1 + rnd.nextInt(12));
    }

    /** Sizes around 2^62 and 2^63 / 3: two or three of them pass 2^63. */
    private long boundarySize(Gen g) {
        return switch (rnd.nextInt(5)) {
            case 0 -> g.max;
            case 1 -> 1L << 62;
            case 2 -> (1L << 62) - 1 - rnd.nextInt(3);
            case 3 -> Long.MAX_VALUE / 3 + rnd.nextInt(3);
            default -> (1L << 61) + rnd.nextInt(3);
        };
    }

    String clientId(String user) {
        int r = rnd.nextInt(100);
        if (r < 40) {
            return null;
        }
        if (r < 84) {
            return "c-" + (++clientCounter);
        }
        if (r < 91) {
            List<OrderSnapshot> mine = model.openOrders(user, CancelAll.ALL_MARKETS);
            for (OrderSnapshot o : mine) {
                if (o.clientOrderId() != null) {
                    return o.clientOrderId();
                }
            }
            return "c-" + (++clientCounter);
        }
        if (r < 93) {
            return "bad id!" + rnd.nextInt(10);
        }
        if (r < 95) {
            return "x".repeat(37);
        }
        if (r < 97) {
            return ("ok:/._-" + (++clientCounter) + "a".repeat(36)).substring(0, 36);
        }
        if (r < 98) {
            return "";
        }
        return "é" + (++clientCounter);
    }
}
