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
 * <p>Not thread-safe: the history serialises its callers.
 */
public final class Names {

    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    /**
     * The last two strings numbered, as the instances asked for, and their numbers. The events of one order carry
     * the same instance of its user's address again and again (a taker's and a maker's, alternating): found by
     * identity, they skip the map's hashing and its 42-character comparison with the instance it holds.
     */
    private String recent;
    private int recentNumber;
    private String before;
    private int beforeNumber;

    /** The number of {@code name}, given it the first time. */
    public int number(String name) {
        if (name == recent) {
            return recentNumber;
        }
        if (name == before) {
            return beforeNumber;
        }
        Integer known = numbers.get(name);
        int n;
        if (known != null) {
            n = known;
        } else {
            names.add(name);
            n = names.size() - 1;
            numbers.put(name, n);
        }
        before = recent;
        beforeNumber = recentNumber;
        recent = name;
        recentNumber = n;
        return n;
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
