package io.hyperperp.core.engine.internal;

/**
 * A user's open client order ids and their order numbers: open addressing with backward-shift
 * deletion (see {@link LongHashIndex}), so placing and cancelling with client ids never allocates.
 */
final class ClientIdIndex {

    private String[] keys = new String[8];
    private long[] orderIds = new long[8];
    private int size;

    private static int slot(String key, int mask) {
        int h = key.hashCode() * 0x9E37_79B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The order number for a client id, or 0. */
    long get(String key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (true) {
            String k = keys[i];
            if (k == null) {
                return 0;
            }
            if (k.equals(key)) {
                return orderIds[i];
            }
            i = (i + 1) & mask;
        }
    }

    void put(String key, long orderId) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != null) {
            if (keys[i].equals(key)) {
                orderIds[i] = orderId;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        orderIds[i] = orderId;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    void remove(String key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != null) {
            if (keys[i].equals(key)) {
                size--;
                int gap = i;
                int j = i;
                while (true) {
                    j = (j + 1) & mask;
                    String k = keys[j];
                    if (k == null) {
                        break;
                    }
                    int ideal = slot(k, mask);
                    if (((j - ideal) & mask) >= ((j - gap) & mask)) {
                        keys[gap] = k;
                        orderIds[gap] = orderIds[j];
                        gap = j;
                    }
                }
                keys[gap] = null;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        String[] oldKeys = keys;
        long[] oldIds = orderIds;
        keys = new String[oldKeys.length * 2];
        orderIds = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int j = slot(oldKeys[i], mask);
                while (keys[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                orderIds[j] = oldIds[i];
            }
        }
    }
}
