package io.hyperperp.core.command;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns command records into {@link FlatCommand}s before they reach the engine thread: numbers
 * each user address on first sight and packs the client order id, so the engine finds the user by
 * number and the order by its packed id without reading either string.
 *
 * <p>The numbers are lookup keys only: the engine keeps its users in an array by number for the
 * intake whose numbers it remembered last (an intake never gives one number to two addresses, so a
 * number and its intake name the user), falling back to a lookup by address for any other command,
 * so no number ever changes an event. Safe for many submitting threads. Numbers
 * are never forgotten (the engine never forgets a user either), up to about a million addresses.
 */
public final class CommandIntake {

    /**
     * Numbers stop here; later addresses go without one (looked up by address, as before numbers).
     * It bounds what an intake keeps for addresses that never trade (cancels and refused orders
     * from made-up addresses number them too) to about 100 MB.
     */
    private static final int MAX_NUMBERS = 1 << 20;

    private final ConcurrentHashMap<String, UserKey> users = new ConcurrentHashMap<>();
    private final AtomicInteger nextNumber = new AtomicInteger();

    /** An address's number and the single instance of the address that goes with it. */
    private record UserKey(int number, String address) {
    }

    /** A new slot holding {@code command}. */
    public FlatCommand flatten(Command command) {
        FlatCommand slot = new FlatCommand();
        flatten(command, slot);
        return slot;
    }

    /** Overwrites {@code slot} with {@code command}. */
    public void flatten(Command command, FlatCommand slot) {
        String address = command.userAddress();
        UserKey key = address == null ? null : users.get(address);
        if (key == null && address != null && nextNumber.get() < MAX_NUMBERS) {
            key = users.computeIfAbsent(address, a -> new UserKey(nextNumber.getAndIncrement(), a));
        }
        if (key == null) {
            slot.set(command, FlatCommand.NO_USER_NUMBER, address, this);
        } else {
            slot.set(command, key.number(), key.address(), this);
        }
    }

    /** How many addresses have a number. */
    public int numberedUsers() {
        return users.size();
    }
}
