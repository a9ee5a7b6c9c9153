package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.FlatCommand;
import java.util.Arrays;

/**
 * The engine's users by intake number ({@link FlatCommand#userNumber()}), filled as commands name
 * them: each number's user and the user's id. The numbers of one intake only, the one whose command
 * was remembered last: an intake never gives one number to two addresses, so a command numbered by
 * that intake is that number's user, decided from these arrays without reading the command's
 * address or the user. Any other command (another intake's numbers, no number) falls back to the
 * lookup by address, and remembering it starts over with its intake (so an engine set up through
 * its own intake and then fed a stream of another's numbers the stream's users); an engine restored
 * from an image starts with none remembered.
 */
final class UserNumbers {

    private UserAccount[] users = new UserAccount[64];
    private int[] ids = new int[64];
    /** The intake whose numbers these are, null until one is remembered. */
    private CommandIntake intake;

    /** Whether {@code number}, given by {@code numberedBy}, was remembered. */
    boolean isNumbered(int number, CommandIntake numberedBy) {
        UserAccount[] held = users;
        return numberedBy == intake && number >= 0 && number < held.length && held[number] != null;
    }

    /** The user of a number {@link #isNumbered} accepted. */
    UserAccount user(int number) {
        return users[number];
    }

    /** The id of the user of a number {@link #isNumbered} accepted. */
    int id(int number) {
        return ids[number];
    }

    /**
     * Remembers a command's number for its user (nothing for {@link FlatCommand#NO_USER_NUMBER} or no
     * intake); a number of another intake than the last one forgets that intake's numbers first.
     */
    void remember(int number, CommandIntake numberedBy, UserAccount user) {
        if (number < 0 || numberedBy == null) {
            return;
        }
        if (intake != numberedBy) {
            Arrays.fill(users, null);
            intake = numberedBy;
        }
        if (number >= users.length) {
            int capacity = Math.max(number + 1, users.length * 2);
            users = Arrays.copyOf(users, capacity);
            ids = Arrays.copyOf(ids, capacity);
        }
        users[number] = user;
        ids[number] = user.id;
    }
}
