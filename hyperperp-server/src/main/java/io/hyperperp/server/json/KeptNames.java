package io.hyperperp.server.json;

import java.util.Arrays;

/**
 * Field names {@link JsonBytes} has written, kept as their bytes ({@code "name":}) by hash for all writers: a name
 * written by its {@code String} is looked up here and copied when found. (Names made once as {@link JsonName} skip
 * the lookup.)
 */
final class KeptNames {

    private static final int MAX_NAME_KEPT = 64;
    /** Field names already written, by hash, each in the first free of {@link #PROBES} slots: see {@link #remember}. */
    private static final QuotedName[] NAMES = new QuotedName[1024];
    private static final int PROBES = 4;

    private KeptNames() {
    }

    /**
     * Keeps the bytes {@code buf[start, end)} just written for {@code name} (its quotes and colon included)
     * when they are its characters one for one: an answer writes the same twenty-odd names every time, and copying them
     * costs less than escaping them again character by character. A name goes to the first free of the
     * {@link #PROBES} slots from its hash (one slot per hash let two names of one answer evict each other
     * on every answer: {@code open_size} and {@code trade_id}, {@code client_order_id} and
     * {@code taker_order_id}); when all are taken it replaces the first. A slot once filled is never
     * emptied, so a lookup may stop at the first empty one. A racy write is safe (the entry is immutable):
     * at worst a name is kept twice, or a lost one is written again.
     */
    static void remember(String name, byte[] buf, int start, int end) {
        if (name.length() <= MAX_NAME_KEPT && end - start == name.length() + 3) {
            int hash = name.hashCode();
            int slot = hash & (NAMES.length - 1);
            for (int i = 0; i < PROBES; i++) {
                int probe = (hash + i) & (NAMES.length - 1);
                if (NAMES[probe] == null) {
                    slot = probe;
                    break;
                }
            }
            NAMES[slot] = new QuotedName(name, Arrays.copyOfRange(buf, start, end));
        }
    }

    /** The bytes kept for {@code name}, or null. */
    static byte[] known(String name) {
        int hash = name.hashCode();
        for (int i = 0; i < PROBES; i++) {
            QuotedName kept = NAMES[(hash + i) & (NAMES.length - 1)];
            if (kept == null) {
                return null;
            }
            if (kept.name().equals(name)) {
                return kept.bytes();
            }
        }
        return null;
    }

    /** A field name and its bytes as written: {@code "name":}. */
    private record QuotedName(String name, byte[] bytes) {
    }
}
