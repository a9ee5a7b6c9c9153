package io.hyperperp.core.engine.internal;

/**
 * Users by address for the per-command lookup: open addressing over the addresses' hash codes,
 * kept beside each slot, so that a probe compares address strings only when the hashes match
 * (chained maps compare the strings of every key in the chain). Users are never removed.
 */
final class UserIndex {

    private int[] hashes = new int[64];
    private UserAccount[] users = new UserAccount[64];
    private int size;

    private static int slot(int hash, int mask) {
        int h = hash * 0x9E37_79B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The user with this address, or null. */
    UserAccount get(String address) {
        int hash = address.hashCode();
        int mask = users.length - 1;
        int i = slot(hash, mask);
        while (true) {
            UserAccount user = users[i];
            if (user == null) {
                return null;
            }
            if (hashes[i] == hash && (user.address == address || user.address.equals(address))) {
                return user;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds a user whose address is not in the index yet. */
    void add(UserAccount user) {
        insert(user.address.hashCode(), user);
        if (++size * 2 > users.length) {
            int[] oldHashes = hashes;
            UserAccount[] oldUsers = users;
            hashes = new int[oldHashes.length * 2];
            users = new UserAccount[oldUsers.length * 2];
            for (int i = 0; i < oldUsers.length; i++) {
                if (oldUsers[i] != null) {
                    insert(oldHashes[i], oldUsers[i]);
                }
            }
        }
    }

    private void insert(int hash, UserAccount user) {
        int mask = users.length - 1;
        int i = slot(hash, mask);
        while (users[i] != null) {
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        users[i] = user;
    }
}
