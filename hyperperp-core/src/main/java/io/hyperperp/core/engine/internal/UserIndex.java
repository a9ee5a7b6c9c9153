package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.PackedKey;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Users by address for the per-command lookup: open addressing over the users themselves, each of
 * which keeps its address packed with its hash (see {@link PackedKey}). A probe reads the slot and
 * the user it holds (which the command needs next anyway), never the address strings, unless an
 * address is too long to pack and the hashes match. Users are never removed; they are also kept in
 * order of creation (their ids), for the few walks over all of them.
 *
 * <p>Growing never holds a caller for long: past half full, a table twice as large takes the new
 * users and the old one is copied into it {@value #COPY_STEP} slots per later creation, while
 * lookups that miss the new table consult the old one. (Rehashing every user at once reads each
 * user, a likely cache miss apiece: about 100 µs for a thousand users on a cold cache.) Nothing is
 * removed, so a copied user may stay in the old table until it is dropped; the copy ends long
 * before the new table could fill.
 */
final class UserIndex {

    /** Slots of the old table copied per creation while it lasts. */
    static final int COPY_STEP = 8;

    private UserAccount[] users = new UserAccount[64];
    /** The table being copied into {@link #users}, or null. */
    private UserAccount[] old;
    /** Every slot of {@link #old} below this one is in {@link #users} already. */
    private int copyCursor;
    /** Users by id, in order of creation. */
    private UserAccount[] byId = new UserAccount[64];
    private int size;
    /** The client-id table every user of this index shares. */
    private final ClientIdIndex clientIds;
    /** The address being looked up. */
    private final PackedKey probe = new PackedKey();

    UserIndex(ClientIdIndex clientIds) {
        this.clientIds = clientIds;
    }

    private static int slot(int hash, int mask) {
        int h = hash * 0x9E37_79B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The user with this address, or null; leaves the address packed for {@link #create}. */
    UserAccount get(String address) {
        probe.pack(address);
        UserAccount user = find(users, address);
        return user == null && old != null ? find(old, address) : user;
    }

    private UserAccount find(UserAccount[] table, String address) {
        long high = probe.high;
        long low = probe.low;
        int hash = probe.hash;
        int mask = table.length - 1;
        int i = slot(hash, mask);
        while (true) {
            UserAccount user = table[i];
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
        if (old != null) {
            copyStep();
        }
        insert(users, user);
        if (size == byId.length) {
            byId = Arrays.copyOf(byId, size * 2);
        }
        byId[size] = user;
        if (++size * 2 > users.length) {
            while (old != null) {
                copyStep();
            }
            old = users;
            copyCursor = 0;
            users = new UserAccount[old.length * 2];
        }
        return user;
    }

    /** Copies up to {@link #COPY_STEP} slots of the old table; drops it when all are copied. */
    private void copyStep() {
        int end = Math.min(old.length, copyCursor + COPY_STEP);
        for (int i = copyCursor; i < end; i++) {
            if (old[i] != null) {
                insert(users, old[i]);
            }
        }
        copyCursor = end;
        if (end == old.length) {
            old = null;
        }
    }

    private static void insert(UserAccount[] table, UserAccount user) {
        int mask = table.length - 1;
        int i = slot(user.addressHash, mask);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = user;
    }

    /** Number of users. */
    int size() {
        return size;
    }

    /** The user with this id, one of 0 to {@link #size()} - 1. */
    UserAccount byId(int id) {
        return byId[id];
    }

    /** True while an old table is being copied. */
    boolean copying() {
        return old != null;
    }

    /** Calls {@code action} for every user, in order of creation. */
    void forEach(Consumer<UserAccount> action) {
        for (int i = 0; i < size; i++) {
            action.accept(byId[i]);
        }
    }
}
