package io.hyperperp.server.stream;

import io.hyperperp.core.event.EngineEvent;

/**
 * The latest {@code capacity} events of the stream, for {@code Last-Event-ID} resume, held so that the young
 * collections have nothing of it to copy: the events every order makes are kept as bytes ({@link EventCodec}) in one
 * array, written round and round, and only the rare others as objects. Per slot: the event's sequence, where its
 * bytes start and how long they are (or its object). Eviction is by count, as before: the ring holds exactly the
 * latest {@code capacity} events; the byte array grows (doubling, a copy of what is live) when that many do not fit,
 * so after the first seconds it never allocates. Not thread-safe: the hub uses it under its lock.
 */
final class EventRing {

    private static final int INITIAL_BYTES = 1 << 20;
    /** The largest byte array the ring grows to (the live bytes are at most half of it). */
    private static final long MAX_BYTES = 1L << 30;

    private final long[] sequences;
    /** Where each slot's bytes start, counted over everything ever written (the array index is this modulo its size). */
    private final long[] starts;
    private final int[] lengths;
    /** The events without a binary form, by slot; null where the slot's event is in bytes. */
    private final EngineEvent[] objects;
    private final EventCodec codec = new EventCodec();
    private byte[] bytes;
    /** Bytes ever written (with the gaps left where a record did not fit before the array's end). */
    private long head;
    /** Events ever added. */
    private long count;

    /** A ring of the latest {@code capacity} events. */
    EventRing(int capacity) {
        this.sequences = new long[capacity];
        this.starts = new long[capacity];
        this.lengths = new int[capacity];
        this.objects = new EngineEvent[capacity];
        this.bytes = new byte[(int) Math.min(INITIAL_BYTES, Math.max(4096, 128L * capacity))];
    }

    /** Events ever added. */
    long count() {
        return count;
    }

    /** The number of events held. */
    int size() {
        return (int) Math.min(count, sequences.length);
    }

    /** The index (as counted by {@link #count()}) of the oldest event held. */
    long oldest() {
        return count - size();
    }

    /**
     * Adds {@code event}; returns the sequence of the event it evicted, or -1 while the ring is not yet full.
     */
    long add(EngineEvent event) {
        int slot = (int) (count % sequences.length);
        long evicted = count >= sequences.length ? sequences[slot] : -1;
        if (EventCodec.encodes(event)) {
            if (objects[slot] != null) {
                objects[slot] = null;
            }
            int length = codec.encode(event);
            long at = place(length);
            System.arraycopy(codec.buffer(), 0, bytes, index(at), length);
            starts[slot] = at;
            lengths[slot] = length;
            head = at + length;
        } else {
            objects[slot] = event;
            lengths[slot] = 0;
            starts[slot] = head;
        }
        sequences[slot] = event.sequence();
        count++;
        return evicted;
    }

    /** The sequence of the event at {@code index} (from {@link #oldest()} up to {@link #count()}). */
    long sequenceAt(long index) {
        return sequences[(int) (index % sequences.length)];
    }

    /** The event at {@code index}, decoded anew from its bytes if it was kept as bytes. */
    EngineEvent eventAt(long index) {
        int slot = (int) (index % sequences.length);
        EngineEvent object = objects[slot];
        return object != null ? object : EventCodec.decode(bytes, index(starts[slot]));
    }

    /** The bytes the ring's array holds (its size, not what is in use). */
    int byteCapacity() {
        return bytes.length;
    }

    /**
     * Where the bytes that must stay begin when the next event is added: those of the oldest event that stays (the
     * one being replaced goes), or the head when none stays. Starts never decrease from one event to the next (an
     * event kept as an object has the head's position), so the oldest staying event's start bounds them all.
     */
    private long keepFrom() {
        long first = Math.max(0, count + 1 - sequences.length);
        return first < count ? starts[(int) (first % sequences.length)] : head;
    }

    /**
     * Where a record of {@code length} bytes goes: at the head, or at the array's start when it would not fit
     * before the end; the array doubles first when that would overwrite bytes that must stay.
     */
    private long place(int length) {
        while (true) {
            long keepFrom = keepFrom();
            long at = head;
            int offset = index(at);
            if (offset + length > bytes.length) {
                at += bytes.length - offset; // records never wrap: skip to the array's start
            }
            if (at + length - keepFrom <= bytes.length) {
                return at;
            }
            grow(keepFrom, length);
        }
    }

    /**
     * Doubles the array (at least once, until it holds what is live from {@code keepFrom} plus {@code extra} bytes
     * twice over) and copies the records that stay into it, packed from its start; their slots' starts are
     * rewritten.
     */
    private void grow(long keepFrom, int extra) {
        long needed = 2 * (head - keepFrom + extra);
        long size = 2L * bytes.length;
        while (size < needed) {
            size *= 2;
        }
        if (size > MAX_BYTES) {
            throw new IllegalStateException("the stream ring's latest " + sequences.length + " events need more than "
                    + MAX_BYTES / 2 + " bytes; make stream.ring_size smaller");
        }
        byte[] next = new byte[(int) size];
        long first = Math.max(0, count + 1 - sequences.length);
        long at = 0;
        for (long i = first; i < count; i++) {
            int slot = (int) (i % sequences.length);
            if (objects[slot] == null && lengths[slot] > 0) {
                System.arraycopy(bytes, index(starts[slot]), next, (int) at, lengths[slot]);
                starts[slot] = at;
                at += lengths[slot];
            } else {
                starts[slot] = at;
            }
        }
        bytes = next;
        head = at;
    }

    private int index(long position) {
        return (int) (position % bytes.length);
    }
}
