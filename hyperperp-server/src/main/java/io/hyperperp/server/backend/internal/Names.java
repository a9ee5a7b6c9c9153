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

    /** The number of {@code name}, given it the first time. */
    public int number(String name) {
        Integer n = numbers.get(name);
        if (n != null) {
            return n;
        }
        names.add(name);
        numbers.put(name, names.size() - 1);
        return names.size() - 1;
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
