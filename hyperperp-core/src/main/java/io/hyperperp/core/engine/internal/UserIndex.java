package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.PackedKey;

/**
 * Users by address for the per-command lookup: open addressing over the users themselves, each of
 * which keeps its address packed with its hash (see {@link PackedKey}). A probe reads the slot and
 * the user it holds (which the command needs next anyway), never the address strings, unless an
 * address is too long to pack and the hashes match. Users are never removed.
 */
final class UserIndex {

    private UserAccount[] users = new UserAccount[64];
    private int size;
    /** The client-id table every user of this index shares. */
    private final ClientIdIndex clientIds;

    UserIndex(ClientIdIndex clientIds) {
        this.clientIds = clientIds;
    }
    /** The address being looked up. */
    private final PackedKey probe = new PackedKey();

    private static int slot(int hash, int mask) {
        int h = hash * 0x9E37_79B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The user with this address, or null; leaves the address packed for {@link #create}. */
    UserAccount get(String address) {
        probe.pack(address);
        long high = probe.high;
        long low = probe.low;
        int hash = probe.hash;
        int mask = users.length - 1;
        int i = slot(hash, mask);
        while (true) {
            UserAccount user = users[i];
            if (user == null) {
                return null;
            }
            if (user.addressHash == hash && user.addressHigh == high
                    && (high == PackedKey.UNPACKED ? user.address.equals(address) : user.addressLow == low)) {
                return user;
            }
            i = (i + 1) & mask;
        }
    }

    /** Creates and adds the user for an address that {@link #get} has just not found. */
    UserAccount create(String address) {
        UserAccount user = new UserAccount(address, probe, size, clientIds);
        insert(user);
        if (++size * 2 > users.length) {
            UserAccount[] old = users;
            users = new UserAccount[old.length * 2];
            for (UserAccount moved : old) {
                if (moved != null) {
                    insert(moved);
                }
            }
        }
        return user;
    }

    private void insert(UserAccount user) {
        int mask = users.length - 1;
        int i = slot(user.addressHash, mask);
        while (users[i] != null) {
            i = (i + 1) & mask;
        }
        users[i] = user;
    }
}
