package io.hyperperp.server.backend.internal;

import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The latest state of each order the in-memory history keeps, by order number, in primitive columns instead of an
 * {@link OrderSnapshot} per order. Why: every snapshot the history keeps outlives the young collection after it, so
 * each young pause copied the snapshots of the orders since the last one (about 120 B each); here an order's state is
 * written into a row of arrays allocated once (rows reused once the history drops an order), so the engine's
 * snapshots die young and a pause copies nothing of the history. A read builds the snapshot again, equal to the one
 * recorded.
 *
 * <p>Not thread-safe: the history serialises its callers.
 */
public final class OrderTable {

    /** No market filter in {@link #matches}. */
    public static final long ANY_MARKET = -1;

    /** Columns: the nine numbers of a snapshot, then its user and enums packed into one. */
    private static final int ORDER_ID = 0;
    private static final int MARKET = 1;
    private static final int PRICE = 2;
    private static final int SIZE = 3;
    private static final int FILLED = 4;
    private static final int OPEN = 5;
    private static final int EXPIRES = 6;
    private static final int PRIORITY = 7;
    private static final int CREATED = 8;
    private static final int PACKED = 9;

    private static final Side[] SIDES = Side.values();
    private static final OrderType[] TYPES = OrderType.values();
    private static final TimeInForce[] TIFS = TimeInForce.values();
    private static final StpMode[] STPS = StpMode.values();
    private static final OrderStatus[] STATUSES = OrderStatus.values();

    private final Names users;
    /** Order number to row; absent: not kept. */
    private final LongIntHashMap rows = new LongIntHashMap();
    private final LongColumns columns = new LongColumns(10);
    /** Client order ids by order number, only of the orders that have one: the only references kept per order. */
    private final LongObjectHashMap<String> clientIds = new LongObjectHashMap<>();

    /** A table whose user addresses are numbered by {@code users}. */
    public OrderTable(Names users) {
        this.users = users;
    }

    /**
     * Records {@code order} as the latest state of its order.
     *
     * @return true when the order has just closed: it was open (or not kept) before and is not open now
     */
    public boolean put(OrderSnapshot order) {
        long id = order.orderId();
        int row = rows.getIfAbsent(id, -1);
        boolean wasOpen = row < 0 || status(row).isOpen();
        if (row < 0) {
            row = columns.allocate();
            rows.put(id, row);
        }
        columns.set(row, ORDER_ID, id);
        columns.set(row, MARKET, order.marketId());
        columns.set(row, PRICE, order.price());
        columns.set(row, SIZE, order.size());
        columns.set(row, FILLED, order.filledSize());
        columns.set(row, OPEN, order.openSize());
        columns.set(row, EXPIRES, order.expiresAt());
        columns.set(row, PRIORITY, order.prioritySequence());
        columns.set(row, CREATED, order.createdAt());
        columns.set(row, PACKED, (long) users.number(order.userAddress()) << 32 | order.side().ordinal()
                | order.orderType().ordinal() << 2 | order.timeInForce().ordinal() << 5 | order.stp().ordinal() << 9
                | order.status().ordinal() << 13 | (order.reduceOnly() ? 1 << 18 : 0));
        if (order.clientOrderId() != null) {
            clientIds.put(id, order.clientOrderId());
        } else if (!clientIds.isEmpty()) {
            clientIds.remove(id);
        }
        return wasOpen && !order.status().isOpen();
    }

    /** The latest state of the order, or null when it is not kept. */
    public OrderSnapshot get(long orderId) {
        int row = rows.getIfAbsent(orderId, -1);
        if (row < 0) {
            return null;
        }
        long packed = columns.get(row, PACKED);
        return new OrderSnapshot(orderId, users.name((int) (packed >>> 32)), columns.get(row, MARKET),
                SIDES[(int) packed & 3], TYPES[(int) (packed >>> 2) & 7], TIFS[(int) (packed >>> 5) & 15],
                columns.get(row, PRICE), columns.get(row, SIZE), columns.get(row, FILLED), columns.get(row, OPEN),
                clientIds.get(orderId), (packed & 1 << 18) != 0, STPS[(int) (packed >>> 9) & 15],
                columns.get(row, EXPIRES), columns.get(row, PRIORITY), columns.get(row, CREATED), status(row));
    }

    /** True when the order is kept and its latest state is closed. */
    public boolean isClosed(long orderId) {
        int row = rows.getIfAbsent(orderId, -1);
        return row >= 0 && !status(row).isOpen();
    }

    /**
     * True when the order is kept, in {@code marketId} (or any, {@link #ANY_MARKET}) with {@code status} (or any, when
     * null).
     */
    public boolean matches(long orderId, long marketId, OrderStatus status) {
        int row = rows.getIfAbsent(orderId, -1);
        return row >= 0 && (marketId == ANY_MARKET || columns.get(row, MARKET) == marketId)
                && (status == null || status(row) == status);
    }

    /** The order's client order id, or null when it has none or is not kept. */
    public String clientOrderId(long orderId) {
        return clientIds.get(orderId);
    }

    /** Forgets the order; its row serves the next new one. */
    public void remove(long orderId) {
        int row = rows.removeKeyIfAbsent(orderId, -1);
        if (row >= 0) {
            clientIds.remove(orderId);
            columns.free(row);
        }
    }

    /** The number of orders kept. */
    public int size() {
        return rows.size();
    }

    private OrderStatus status(int row) {
        return STATUSES[(int) (columns.get(row, PACKED) >>> 13) & 31];
    }
}
