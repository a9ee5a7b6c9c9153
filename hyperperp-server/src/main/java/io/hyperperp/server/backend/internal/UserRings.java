package io.hyperperp.server.backend.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LongRing} per user, found by the user's number in {@link Names} instead of by address: the history looks
 * up a user's lists on every order and fill, and a map keyed by the address hashed and compared the 42 characters of
 * an address each time (the request's copy is never the instance the map holds). Not thread-safe.
 */
public final class UserRings {

    private final Names users;
    private final List<LongRing> rings = new ArrayList<>();

    /** Rings for the users numbered by {@code users}. */
    public UserRings(Names users) {
        this.users = users;
    }

    /** The ring of the user numbered {@code user}, made empty the first time. */
    public LongRing of(int user) {
        while (rings.size() <= user) {
            rings.add(null);
        }
        LongRing ring = rings.get(user);
        if (ring == null) {
            ring = new LongRing(16);
            rings.set(user, ring);
        }
        return ring;
    }

    /** The ring of the user with this address, or null when it has none. */
    public LongRing find(String address) {
        int user = address == null ? -1 : users.find(address);
        return user < 0 || user >= rings.size() ? null : rings.get(user);
    }
}
