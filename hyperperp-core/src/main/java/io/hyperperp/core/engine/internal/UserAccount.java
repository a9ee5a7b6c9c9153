package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PackedKey;
import org.eclipse.collections.api.block.procedure.primitive.LongLongProcedure;

/**
 * What the engine keeps per user: open orders (oldest first), client ids and net positions. A
 * position in a market without margin is kept in {@link #positions}; one in a margined market only
 * on its {@link MarginPosition} (the margin ledger's entry, which every fill there books anyway).
 */
public final class UserAccount {

    final String address;
    /** The address packed (see {@link PackedKey}) and its hash, so the user index matches without reading the string. */
    final long addressHigh;
    final long addressLow;
    final int addressHash;
    /** The engine's number for this user, in order of first appearance: the user's part of a client-id key. */
    final int id;
    /** Every user's client ids (shared), where this user's are keyed by {@link #id}. */
    private final ClientIdIndex clientIds;
    /** Net positions in the markets without margin (a margined market's is its {@link MarginPosition#size}). */
    final MarketPositions positions = new MarketPositions();
    /**
     * How many of the user's positions (in {@link #positions} or on a {@link MarginPosition}) are
     * beyond {@link #SMALL_POSITION} either way: while none is, a placement's overflow check needs
     * no read of either ({@link SizeLimits}).
     */
    int largePositions;
    Order firstOrder;
    Order lastOrder;
    int openOrderCount;
    int reduceOnlyCount;
    /** Untriggered conditional orders by order number (oldest first), created on first use. */
    java.util.TreeMap<Long, io.hyperperp.core.event.ConditionalOrderSnapshot> conditionals;
    /** One-cancels-other groups: group name to order numbers, created on first use. */
    java.util.Map<String, java.util.TreeSet<Long>> ocoGroups;
    boolean pendingReduceOnlyCheck;
    /** Collateral and margined markets, created on first use of a margined market or a deposit. */
    MarginAccount margin;
    /**
     * The margin account's first market entry, for a user that is not a system account: the
     * pre-trade check of an order in that market starts from it without a hop to the account.
     */
    MarginPosition marginEntry;

    UserAccount(String address, PackedKey packed, int id, ClientIdIndex clientIds) {
        this.address = address;
        this.addressHigh = packed.high;
        this.addressLow = packed.low;
        this.addressHash = packed.hash;
        this.id = id;
        this.clientIds = clientIds;
    }

    /** The user's address. */
    public String address() {
        return address;
    }

    /** Positions within this many either way leave room for any one order's size without overflow. */
    static final long SMALL_POSITION = Long.MAX_VALUE / 2;

    /**
     * Sets a net position in a market without margin, keeping {@link #largePositions} in step; every
     * change of such a position goes through here.
     */
    void setPosition(long marketId, long previous, long updated) {
        positions.put(marketId, updated);
        sizeChanged(previous, updated);
    }

    /** Keeps {@link #largePositions} in step with a position that moved from {@code previous} to {@code updated}. */
    void sizeChanged(long previous, long updated) {
        largePositions += (Math.abs(updated) > SMALL_POSITION ? 1 : 0) - (Math.abs(previous) > SMALL_POSITION ? 1 : 0);
    }

    /** Net position in a market: positive long, negative short. */
    public long position(long marketId) {
        if (margin != null) {
            MarginPosition p = margin.find(marketId);
            if (p != null) {
                return p.size; // a margined market: the map holds nothing for it
            }
        }
        return positions.get(marketId);
    }

    /** Net position in a book's market, read from the one store that holds it. */
    long position(OrderBook book) {
        if (!book.margined) {
            return positions.get(book.marketId);
        }
        MarginPosition p = marginEntry;
        if (p == null || p.book != book) {
            p = margin == null ? null : margin.find(book.marketId);
        }
        return p == null ? 0 : p.size;
    }
    /** The oldest open order, or null; follow {@link Order#nextOfUser()}. */
    public Order firstOrder() {
        return firstOrder;
    }

    /** Calls {@code action} with every market id and net position of the user that is not zero, in no set order. */
    public void forEachPosition(LongLongProcedure action) {
        positions.forEachKeyValue((market, size) -> {
            if (size != 0) {
                action.value(market, size);
            }
        });
        if (margin != null) {
            for (int i = 0; i < margin.marketCount; i++) {
                MarginPosition p = margin.markets[i];
                if (p.size != 0) {
                    action.value(p.book.marketId, p.size);
                }
            }
        }
    }

    /**
     * Links an order into the user's list, kept in order-number order (oldest first).
     *
     * @param placed the command placing it, whose client id is already packed, or null
     */
    void link(Order order, FlatCommand placed) {
        Order after = lastOrder;
        while (after != null && after.orderId > order.orderId) {
            after = after.userPrev; // a triggered stop keeps its older number
        }
        order.userPrev = after;
        order.userNext = after == null ? firstOrder : after.userNext;
        if (after == null) {
            firstOrder = order;
        } else {
            after.userNext = order;
        }
        if (order.userNext == null) {
            lastOrder = order;
        } else {
            order.userNext.userPrev = order;
        }
        openOrderCount++;
        if (order.reduceOnly) {
            reduceOnlyCount++;
        }
        if (order.clientOrderId != null) {
            if (placed != null && placed.clientOrderId() == order.clientOrderId) {
                // The placement was refused if the id were taken, and nothing since added one.
                clientIds.putAbsent(id, placed.clientHigh(), placed.clientLow(), placed.clientHash(),
                        order.clientOrderId, order.orderId, order);
                order.clientIdHash = placed.clientHash();
            } else {
                order.clientIdHash = clientIds.put(id, order.clientOrderId, order.orderId, order);
            }
        }
    }

    void unlink(Order order) {
        if (order.userPrev == null) {
            firstOrder = order.userNext;
        } else {
            order.userPrev.userNext = order.userNext;
        }
        if (order.userNext == null) {
            lastOrder = order.userPrev;
        } else {
            order.userNext.userPrev = order.userPrev;
        }
        order.userPrev = null;
        order.userNext = null;
        openOrderCount--;
        if (order.reduceOnly) {
            reduceOnlyCount--;
        }
        if (order.clientOrderId != null) {
            clientIds.remove(id, order);
        }
    }

    /** Reserves a client id for an order that is not on a book (an untriggered conditional order). */
    void addClientOrderId(String clientOrderId, long orderId) {
        clientIds.put(id, clientOrderId, orderId, null);
    }

    void removeClientOrderId(String clientOrderId) {
        clientIds.remove(id, clientOrderId);
    }

    /** Order number of the open order with this client id, or 0. */
    long orderIdForClientId(String clientOrderId) {
        return clientIds.get(id, clientOrderId);
    }

    /** Order number of the open order with the command's client id, or 0. */
    long orderIdForClientId(FlatCommand command) {
        return clientIds.get(id, command);
    }
}
