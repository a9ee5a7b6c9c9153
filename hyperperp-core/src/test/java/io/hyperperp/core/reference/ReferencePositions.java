package io.hyperperp.core.reference;

import io.hyperperp.core.engine.Position;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference model's net positions per user and market, and the users whose position the command being processed
 * changed (the reduce-only orders of those are checked after it).
 */
final class ReferencePositions {

    /** Net positions per user and market; zero entries are removed. */
    final Map<String, Map<Long, Long>> byUser = new HashMap<>();
    /** Users whose position changed in this command, in the order of their first fill. */
    final Set<String> changed = new LinkedHashSet<>();

    void add(String user, long market, long delta) {
        Map<Long, Long> mine = byUser.computeIfAbsent(user, u -> new HashMap<>());
        long updated = Math.addExact(mine.getOrDefault(market, 0L), delta);
        if (updated == 0) {
            mine.remove(market);
        } else {
            mine.put(market, updated);
        }
        changed.add(user);
    }

    static long reducibleOf(long position, Side side) {
        if (side == Side.BUY) {
            return position < 0 ? -position : 0;
        }
        return position > 0 ? position : 0;
    }

    long reducible(String user, long market, Side side) {
        return reducibleOf(position(user, market), side);
    }

    /** Net position of a user in a market. */
    long position(String user, long market) {
        Map<Long, Long> mine = byUser.get(user);
        return mine == null ? 0 : mine.getOrDefault(market, 0L);
    }

    /** The user's non-zero positions ordered by market id. */
    List<Position> positions(String user) {
        Map<Long, Long> mine = byUser.getOrDefault(user, Map.of());
        List<Position> result = new ArrayList<>();
        new TreeMap<>(mine).forEach((m, s) -> result.add(new Position(user, m, s)));
        return result;
    }
}
