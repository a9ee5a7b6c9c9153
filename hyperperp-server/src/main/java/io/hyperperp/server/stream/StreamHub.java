package io.hyperperp.server.stream;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.server.json.EventJson;
import io.hyperperp.server.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans committed engine events out to Server-Sent-Events clients.
 *
 * <p>The engine thread only calls {@link #onCommitted}, which offers the group to a bounded inbox
 * and never blocks (while no client is connected the dispatcher looks at the inbox only every 20 ms, so
 * an order does not wake it); if the inbox is full the group is lost for streaming, every client is
 * disconnected and resume before that point is refused (clients get a fresh snapshot). One
 * dispatcher thread appends each event to a ring of the latest {@code ringSize} events (for
 * {@code Last-Event-ID} resume; {@link EventRing}: held as bytes, so that the young collections copy none of it)
 * and offers it to the bounded queue of every client subscribed to
 * one of its channels; a client whose queue is full is disconnected.
 *
 * <p>Channels: {@code book:{market}} (level_changed), {@code trades:{market}} (fill),
 * {@code orders:{user}} (the user's order events, fills and rejections), {@code account:{user}} (the
 * user's fills and account events: deposits, withdrawals, leverage, funding, liquidation steps).
 */
public final class StreamHub implements GroupListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
    /** While no client is connected, groups are taken at most this often (the ring still gets every event). */
    private static final long IDLE_COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How often the dispatcher looks for stalled writes. */
    private static final long STALL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final EventJson eventJson;
    private final Metrics metrics;
    private final BlockingQueue<ProcessedGroup> inbox = new ArrayBlockingQueue<>(8192);
    private final AtomicLong lostUpTo = new AtomicLong();
    private final EventRing ring;
    private final Object lock = new Object();
    private final List<StreamClient> clients = new ArrayList<>();
    /**
     * Every client from its registration until it is unregistered, including those disconnected (kicked) whose writer
     * has not ended yet: the dispatcher ends the ones whose write has stalled ({@link StreamClient#endIfWriteStalled}).
     */
    private final Set<StreamClient> streaming = ConcurrentHashMap.newKeySet();
    private long nextStallCheck = System.nanoTime();
    private final Thread dispatcher;
    /** Highest sequence that is not (or no longer) available for resume. */
    private long unavailableUpTo;
    /** Highest sequence dispatched. */
    private long lastSequence;
    private volatile boolean running = true;

    /** A hub retaining {@code ringSize} events. */
    public StreamHub(EventJson eventJson, Metrics metrics, int ringSize, long startSequence) {
        this.eventJson = eventJson;
        this.metrics = metrics;
        this.ring = new EventRing(ringSize);
        this.unavailableUpTo = startSequence;
        this.lastSequence = startSequence;
        this.dispatcher = new Thread(this::run, "hyperperp-stream");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    /** The frame a client is sent for {@code event}: its id, type and JSON. */
    private byte[] frame(EngineEvent event) {
        String text = "id: " + event.sequence() + "\nevent: " + EventJson.type(event) + "\ndata: "
                + eventJson.toJson(event) + "\n\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onCommitted(ProcessedGroup group) {
        if (!inbox.offer(group)) {
            long max = 0;
            for (ProcessedCommand c : group.commands()) {
                for (EngineEvent e : c.events()) {
                    max = Math.max(max, e.sequence());
                }
            }
            long m = max;
            lostUpTo.accumulateAndGet(m, Math::max);
        }
    }

    /**
     * Sets the sequence the engine starts at (a recovered engine): resume from before it is
     * impossible. Call before any command is submitted.
     */
    public void startAt(long sequence) {
        synchronized (lock) {
            unavailableUpTo = Math.max(unavailableUpTo, sequence);
            lastSequence = Math.max(lastSequence, sequence);
        }
    }

    /** Groups waiting for the dispatcher. */
    public int backlog() {
        return inbox.size();
    }

    /** Connected clients. */
    public int clientCount() {
        synchronized (lock) {
            return clients.size();
        }
    }

    private void run() {
        List<ProcessedGroup> groups = new ArrayList<>();
        while (running) {
            if (idle()) {
                // Nobody listens: no need to wake for every group; take them in one go a little later.
                LockSupport.parkNanos(this, IDLE_COALESCE_NANOS);
            }
            try {
                ProcessedGroup first = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    groups.add(first);
                    inbox.drainTo(groups);
                }
            } catch (InterruptedException e) {
                return;
            }
            endStalledWrites();
            try {
                long lost = lostUpTo.get();
                if (lost > 0) {
                    synchronized (lock) {
                        if (lost > unavailableUpTo) {
                            unavailableUpTo = lost;
                            lastSequence = Math.max(lastSequence, lost);
                            LOG.warn("stream inbox overflowed; disconnecting {} stream client(s)", clients.size());
                            for (StreamClient c : List.copyOf(clients)) {
                                kick(c, "overflow");
                            }
                        }
                    }
                }
                for (ProcessedGroup group : groups) {
                    dispatch(group);
                }
            } catch (RuntimeException e) {
                LOG.error("stream dispatch failed", e);
            } finally {
                groups.clear();
            }
        }
    }

    /** Twice a second: ends the streams whose write has been under way for two heartbeat intervals. */
    private void endStalledWrites() {
        long now = System.nanoTime();
        if (now - nextStallCheck < 0) {
            return;
        }
        nextStallCheck = now + STALL_CHECK_NANOS;
        for (StreamClient c : streaming) {
            if (c.endIfWriteStalled(now)) {
                synchronized (lock) {
                    clients.remove(c);
                }
                LOG.debug("stream write stalled for two heartbeat intervals; ending the stream");
                metrics.inc("hyperperp_stream_disconnects_total", "reason=\"write_timeout\"");
            }
        }
    }

    private boolean idle() {
        synchronized (lock) {
            return clients.isEmpty();
        }
    }

    private void dispatch(ProcessedGroup group) {
        synchronized (lock) {
            // By index: a for-each over the group's immutable lists makes two iterators per order.
            List<ProcessedCommand> commands = group.commands();
            for (int k = 0; k < commands.size(); k++) {
                List<EngineEvent> events = commands.get(k).events();
                for (int i = 0; i < events.size(); i++) {
                    EngineEvent e = events.get(i);
                    if (e.sequence() <= lastSequence) {
                        continue;
                    }
                    long evicted = ring.add(e);
                    if (evicted >= 0) {
                        unavailableUpTo = Math.max(unavailableUpTo, evicted);
                    }
                    lastSequence = e.sequence();
                    if (!clients.isEmpty()) {
                        offer(e);
                    }
                }
            }
        }
    }

    /** Offers {@code e} to every client of its channels; its channels and its frame are worked out once. */
    private void offer(EngineEvent e) {
        String[] channels = channelsOf(e);
        byte[] frame = null;
        for (int c = clients.size() - 1; c >= 0; c--) {
            StreamClient client = clients.get(c);
            if (client.wants(channels) && e.sequence() > client.startAfter()) {
                if (frame == null) {
                    frame = frame(e);
                }
                if (!client.offer(e.sequence(), frame)) {
                    kick(client, "slow");
                }
            }
        }
    }

    /** Counts a stream the server ended at its age bound ({@code stream.max_age_secs}). */
    public void agedOut() {
        metrics.inc("hyperperp_stream_disconnects_total", "reason=\"max_age\"");
    }

    private void kick(StreamClient client, String reason) {
        clients.remove(client);
        client.disconnect();
        metrics.inc("hyperperp_stream_disconnects_total", "reason=\"" + reason + "\"");
    }

    /** The channels of an event. */
    static String[] channelsOf(EngineEvent e) {
        if (e instanceof EngineEvent.LevelChanged l) {
            return new String[] {"book:" + l.marketId()};
        } else if (e instanceof EngineEvent.Fill f) {
            return new String[] {"trades:" + f.marketId(), "orders:" + f.taker().userAddress(),
                "orders:" + f.maker().userAddress(), "account:" + f.taker().userAddress(),
                "account:" + f.maker().userAddress()};
        } else if (e instanceof EngineEvent.Risk r) {
            return r.event().counterparty() == null ? new String[] {"account:" + r.event().userAddress()}
                    : new String[] {"account:" + r.event().userAddress(), "account:" + r.event().counterparty()};
        } else if (e instanceof EngineEvent.OrderAccepted a) {
            return new String[] {"orders:" + a.order().userAddress()};
        } else if (e instanceof EngineEvent.OrderCancelled x) {
            return new String[] {"orders:" + x.order().userAddress()};
        } else if (e instanceof EngineEvent.OrderAmended m) {
            return new String[] {"orders:" + m.order().userAddress()};
        } else if (e instanceof EngineEvent.OrderFilled f) {
            return new String[] {"orders:" + f.order().userAddress()};
        } else if (e instanceof EngineEvent.CommandRejected r) {
            return new String[] {"orders:" + r.command().userAddress()};
        } else if (e instanceof EngineEvent.ConditionalAccepted c) {
            return new String[] {"orders:" + c.order().userAddress()};
        } else if (e instanceof EngineEvent.ConditionalTriggered c) {
            return new String[] {"orders:" + c.order().userAddress()};
        } else if (e instanceof EngineEvent.ConditionalCancelled c) {
            return new String[] {"orders:" + c.order().userAddress()};
        } else if (e instanceof EngineEvent.ConditionalAmended c) {
            return new String[] {"orders:" + c.order().userAddress()};
        }
        return new String[0];
    }

    /**
     * Registers a client resuming after {@code lastEventId}: if every later event is still retained
     * (and fits its queue) they are queued now and true is returned; otherwise the client is not
     * registered and false is returned (the caller sends a fresh snapshot instead).
     */
    public boolean resume(StreamClient client, long lastEventId) {
        synchronized (lock) {
            if (lastEventId < unavailableUpTo || lastEventId > lastSequence) {
                return false;
            }
            // decoded from the ring's bytes one by one: only a resume pays for the events as objects
            List<EngineEvent> replay = new ArrayList<>();
            for (long i = ring.oldest(); i < ring.count(); i++) {
                if (ring.sequenceAt(i) > lastEventId) {
                    EngineEvent e = ring.eventAt(i);
                    if (client.wants(channelsOf(e))) {
                        replay.add(e);
                        if (replay.size() > client.capacity() / 2) {
                            return false;
                        }
                    }
                }
            }
            client.startAfter(lastEventId);
            for (EngineEvent e : replay) {
                client.offer(e.sequence(), frame(e));
            }
            clients.add(client);
            streaming.add(client);
        }
        LockSupport.unpark(dispatcher);
        return true;
    }

    /**
     * Registers a fresh client: live events are queued from now on; the caller then takes a
     * snapshot at sequence S and calls {@link StreamClient#startAfter(long)} with S (events up to
     * S are dropped by the client).
     */
    public void register(StreamClient client) {
        synchronized (lock) {
            clients.add(client);
            streaming.add(client);
        }
        LockSupport.unpark(dispatcher);
    }

    /** Removes a client (it disconnected). */
    public void unregister(StreamClient client) {
        synchronized (lock) {
            clients.remove(client);
            streaming.remove(client);
        }
    }

    /** Stops the dispatcher and disconnects everyone. */
    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        synchronized (lock) {
            for (StreamClient c : List.copyOf(clients)) {
                clients.remove(c);
                c.disconnect();
            }
        }
    }
}
