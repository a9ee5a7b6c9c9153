package io.hyperperp.server.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stream slots: at most {@code maxClients} streams in all and {@code perAddress} from one client
 * IP. A stream whose client went away holds its slot until a write to it fails, and the JDK server
 * gives the handler no way to see the peer's close without writing; an idle stream writes only a
 * heartbeat every {@code stream.heartbeat_secs}, and the first write after the close still
 * succeeds. So when a bound is reached, the streams that hold it are probed (two heartbeats a short
 * gap apart, see {@link StreamClient#probe()}) and the newcomer waits for the probes: the slot of a
 * closed stream comes back at once, and a client reconnecting after its connection dropped (or one
 * that opens and drops streams to hold slots) is not refused for up to two heartbeats.
 */
public final class StreamSlots {

    /** What {@link #acquire} gave. */
    public enum Outcome {
        /** A slot was taken: {@link #attach} the client, {@link #release} it at the end. */
        TAKEN,
        /** The address has its maximum of live streams. */
        ADDRESS_FULL,
        /** The server has its maximum of live streams. */
        SERVER_FULL
    }

    private final int maxClients;
    private final int perAddress;
    private final long probeWaitMillis;
    /** Slots taken per address; an address's entry goes with its last slot. */
    private final ConcurrentHashMap<String, Integer> taken = new ConcurrentHashMap<>();
    /** The streaming clients per address, the ones a probe asks. */
    private final ConcurrentHashMap<String, Set<StreamClient>> clients = new ConcurrentHashMap<>();
    private int total;

    /**
     * @param maxClients      streams in all
     * @param perAddress      streams from one address (0: no bound below {@code maxClients})
     * @param probeWaitMillis longest a newcomer waits for the probes of the streams that fill its bound
     */
    public StreamSlots(int maxClients, int perAddress, long probeWaitMillis) {
        this.maxClients = maxClients;
        this.perAddress = perAddress;
        this.probeWaitMillis = probeWaitMillis;
    }

    /** Takes a slot for the address, probing the streams that fill a bound first if one is reached. */
    public Outcome acquire(String address) {
        Outcome first = tryAcquire(address);
        if (first == Outcome.TAKEN) {
            return first;
        }
        List<CompletableFuture<Void>> probes = new ArrayList<>();
        if (first == Outcome.ADDRESS_FULL) {
            for (StreamClient c : clients.getOrDefault(address, Set.of())) {
                probes.add(c.probe());
            }
        } else {
            for (Set<StreamClient> set : clients.values()) {
                for (StreamClient c : set) {
                    probes.add(c.probe());
                }
            }
        }
        try {
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(probeWaitMillis,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A probe blocked in its write (a client that stopped reading): its stream keeps its slot.
        }
        return tryAcquire(address);
    }

    private synchronized Outcome tryAcquire(String address) {
        int mine = taken.getOrDefault(address, 0);
        if (perAddress > 0 && mine >= perAddress) {
            return Outcome.ADDRESS_FULL;
        }
        if (total >= maxClients) {
            return Outcome.SERVER_FULL;
        }
        total++;
        taken.put(address, mine + 1);
        return Outcome.TAKEN;
    }

    /** Makes a client that holds one of the address's slots reachable by probes. */
    public void attach(String address, StreamClient client) {
        clients.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(client);
    }

    /** Gives back a slot taken by {@link #acquire} (and forgets its client, if attached). */
    public synchronized void release(String address, StreamClient client) {
        if (client != null) {
            clients.computeIfPresent(address, (a, set) -> set.remove(client) && set.isEmpty() ? null : set);
        }
        total--;
        taken.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Streams holding a slot. */
    public synchronized int active() {
        return total;
    }

    /** Streams holding a slot of the address. */
    public int active(String address) {
        return taken.getOrDefault(address, 0);
    }
}
