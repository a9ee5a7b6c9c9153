package io.hyperperp.server.backend.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers for the strings the history repeats on every order and trade (user addresses): each is kept once, and a
 * table row holds its number instead of a reference to a string the request parsed, which would then outlive its young
 * collection. Never shrinks: it holds one entry per user that ever traded.
 *
 * <p>The two names numbered last are remembered by reference: a crossing order's events name its taker and its maker
 * several times over, each time by the same string (the command's, the resting order's), and a compare of references
 * spares the hash map's lookup (the hash and a 42-character compare against a key elsewhere in memory: the history's
 * largest frame, docs/benchmarks.md, "Session 15: single orders"). Any other string, equal or not, takes the map.
 *
 * <p>Not thread-safe: the history serialises its callers.
 */
public final class Names {

    private static final Object NONE = new Object();

    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    /**
     * The name numbered last and its number, and the one before; {@link #NONE} (which no argument is) before any.
     */
    private Object last = NONE;
    private int lastNumber;
    private Object older = NONE;
    private int olderNumber;

    /** The number of {@code name}, given it the first time. */
    public int number(String name) {
        if (name == last) {
            return lastNumber;
        }
        int number;
        if (name == older) {
            number = olderNumber;
        } else {
            Integer n = numbers.get(name);
            if (n != null) {
                number = n;
            } else {
                names.add(name);
                number = names.size() - 1;
                numbers.put(name, number);
            }
        }
        older = last;
        olderNumber = lastNumber;
        last = name;
        lastNumber = number;
        return number;
    }

    /** The number of {@code name}, or -1 when it has none. */
    public int find(String name) {
        Integer n = numbers.get(name);
        return n == null ? -1 : n;
    }

    /** The name numbered {@code number}. */
    public String name(int number) {
        return names.get(number);
    }
}
