package io.hyperperp.server.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the requests one client IP has in progress at once. Each holds a connection and a virtual
 * thread, and may wait for its commit; without a bound one address could hold an unbounded number
 * of them (or of engine queue slots). An address's entry is removed when its last request ends.
 */
public final class ClientSlots {

    private final int perAddress;
    private final ConcurrentHashMap<String, int[]> inProgress = new ConcurrentHashMap<>();

    /** At most {@code perAddress} requests in progress per client IP (0 = no bound). */
    public ClientSlots(int perAddress) {
        this.perAddress = perAddress;
    }

    /** Whether there is a bound (else every request is let through and the address is not needed). */
    public boolean enabled() {
        return perAddress > 0;
    }

    /** Takes a slot for the address; false when it already has the maximum in progress. */
    public boolean tryAcquire(String address) {
        if (perAddress <= 0) {
            return true;
        }
        boolean[] taken = {false};
        inProgress.compute(address, (k, count) -> {
            int[] c = count == null ? new int[1] : count;
            if (c[0] < perAddress) {
                c[0]++;
                taken[0] = true;
            }
            return c;
        });
        return taken[0];
    }

    /** Returns a slot taken by {@link #tryAcquire}. */
    public void release(String address) {
        if (perAddress <= 0) {
            return;
        }
        inProgress.computeIfPresent(address, (k, c) -> --c[0] <= 0 ? null : c);
    }

    /** Requests in progress for the address (for tests and metrics). */
    public int inProgress(String address) {
        int[] c = inProgress.get(address);
        return c == null ? 0 : c[0];
    }
}
