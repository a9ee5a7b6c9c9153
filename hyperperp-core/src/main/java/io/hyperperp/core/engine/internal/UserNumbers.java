package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.FlatCommand;
import java.util.Arrays;

/**
 * The engine's users by intake number ({@link FlatCommand#userNumber()}), filled as commands name
 * them: each number's user, the user's id, and the address instance the number was filled for. A
 * command whose address is that very instance (an intake hands out one per number) is that user's,
 * decided from these arrays without reading the user; any other command (another intake's numbers,
 * an engine restored from an image, no number) falls back to the lookup by address.
 */
final class UserNumbers {

    private UserAccount[] users = new UserAccount[64];
    private int[] ids = new int[64];
    private String[] addresses = new String[64];

    /** Whether {@code number} was remembered for this very address instance. */
    boolean isNumbered(int number, String address) {
        String[] held = addresses;
        return number >= 0 && number < held.length && held[number] == address;
    }

    /** The user of a number {@link #isNumbered} accepted. */
    UserAccount user(int number) {
        return users[number];
    }

    /** The id of the user of a number {@link #isNumbered} accepted. */
    int id(int number) {
        return ids[number];
    }

    /** Remembers a command's number for its user (nothing for {@link FlatCommand#NO_USER_NUMBER}). */
    void remember(int number, String address, UserAccount user) {
        if (number < 0) {
            return;
        }
        if (number >= users.length) {
            int capacity = Math.max(number + 1, users.length * 2);
            users = Arrays.copyOf(users, capacity);
            ids = Arrays.copyOf(ids, capacity);
            addresses = Arrays.copyOf(addresses, capacity);
        }
        users[number] = user;
        ids[number] = user.id;
        addresses[number] = address;
    }
}
