package io.hyperperp.bench.versus;

import exchange.core2.core.common.IOrder;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.orderbook.IOrderBook;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HyperPerp commands as exchange-core {@link OrderCommand}s, converted once and untimed.
 *
 * <p>Only what both engines mean the same way converts: limit GTC and IOC orders with a numeric
 * client order id (exchange-core's order id) and no self-trade prevention, cancels by client id,
 * and amends of either the price (exchange-core's move) or a smaller size (its reduce, which
 * takes the amount to take off). Prices and sizes must be whole units of the market's decimals
 * (exchange-core's ticks and lots are 1). Users get exchange-core uids in order of appearance.
 *
 * <p>A reduce needs the order's open size at that point, so conversion replays the commands on an
 * exchange-core book as it goes; that replay also gives exchange-core's fill and reject counts.
 *
 * @param commands  one exchange-core command per HyperPerp command, in order
 * @param fills     trades exchange-core made on the stream
 * @param rejects   commands exchange-core refused
 * @param priceUnit HyperPerp's scaled value of one exchange-core price tick
 * @param sizeUnit  HyperPerp's scaled value of one exchange-core lot
 */
public record ExchangeCoreStream(OrderCommand[] commands, long fills, long rejects, long priceUnit, long sizeUnit) {

    /**
     * Converts {@code commands} for one market.
     *
     * @throws IllegalArgumentException naming the first command (1-based) that has no exchange-core equivalent
     */
    public static ExchangeCoreStream convert(List<Command> commands, MarketSpec market) {
        long priceUnit = FixedPoint.powerOfTen(market.priceDecimals());
        long sizeUnit = FixedPoint.powerOfTen(market.sizeDecimals());
        Converter converter = new Converter(market.marketId(), priceUnit, sizeUnit);
        OrderCommand[] out = new OrderCommand[commands.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = converter.convert(commands.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("command " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new ExchangeCoreStream(out, converter.fills, converter.rejects, priceUnit, sizeUnit);
    }

    /** Converts command by command while replaying on its own exchange-core book. */
    private static final class Converter {
        private final long marketId;
        private final long priceUnit;
        private final long sizeUnit;
        private final IOrderBook book = ExchangeCoreRunner.newBook();
        private final Map<String, Long> uids = new HashMap<>();
        private final OrderCommand work = new OrderCommand();
        private long fills;
        private long rejects;

        Converter(long marketId, long priceUnit, long sizeUnit) {
            this.marketId = marketId;
            this.priceUnit = priceUnit;
            this.sizeUnit = sizeUnit;
        }

        OrderCommand convert(Command command) {
            OrderCommand converted = switch (command) {
                case PlaceOrder place -> place(place);
                case CancelOrder cancel -> OrderCommand.cancel(orderId(cancel.orderId(), cancel.clientOrderId()),
                        uid(cancel.userAddress()));
                case AmendOrder amend -> amend(amend);
                default -> throw new IllegalArgumentException(command.op() + " has no exchange-core equivalent");
            };
            if (command instanceof CancelOrder cancel) {
                requireMarket(cancel.marketId());
            }
            converted.timestamp = command.timestamp();
            replay(converted);
            return converted;
        }

        private OrderCommand place(PlaceOrder place) {
            requireMarket(place.marketId());
            if (place.orderType() != io.hyperperp.core.order.OrderType.LIMIT) {
                throw new IllegalArgumentException("only limit orders convert (exchange-core has no market orders)");
            }
            OrderType type = switch (place.timeInForce()) {
                case GTC -> OrderType.GTC;
                case IOC -> OrderType.IOC;
                default -> throw new IllegalArgumentException("time in force " + place.timeInForce()
                        + " has no exchange-core equivalent (GTC and IOC do)");
            };
            if (place.reduceOnly() || place.expiresAt() != PlaceOrder.NO_EXPIRY
                    || (place.stp() != null && place.stp() != StpMode.NONE)) {
                throw new IllegalArgumentException("reduce-only, expiry and self-trade prevention do not convert");
            }
            long price = units(place.price(), priceUnit, "price");
            return OrderCommand.newOrder(type, orderId(CancelOrder.NO_ORDER_ID, place.clientOrderId()),
                    uid(place.userAddress()), price, 0, units(place.size(), sizeUnit, "size"),
                    place.side() == Side.BUY ? OrderAction.BID : OrderAction.ASK);
        }

        private OrderCommand amend(AmendOrder amend) {
            requireMarket(amend.marketId());
            long orderId = orderId(amend.orderId(), amend.clientOrderId());
            long uid = uid(amend.userAddress());
            boolean newPrice = amend.newPrice() != AmendOrder.UNCHANGED;
            boolean newSize = amend.newSize() != AmendOrder.UNCHANGED;
            if (newPrice == newSize) {
                throw new IllegalArgumentException("an amend converts when it changes either the price or the size");
            }
            if (newPrice) {
                return OrderCommand.update(orderId, uid, units(amend.newPrice(), priceUnit, "price"));
            }
            long target = units(amend.newSize(), sizeUnit, "size");
            IOrder order = book.getOrderById(orderId);
            // An order that is gone is refused by both engines whatever the amount.
            long reduceBy = order == null ? target : order.getSize() - order.getFilled() - target;
            if (order != null && reduceBy < 0) {
                throw new IllegalArgumentException("exchange-core cannot grow an order (reduce only)");
            }
            return OrderCommand.reduce(orderId, uid, reduceBy);
        }

        private void replay(OrderCommand command) {
            command.writeTo(work);
            work.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
            work.matcherEvent = null; // writeTo keeps the previous command's events
            CommandResultCode result = IOrderBook.processCommand(book, work);
            if (result != CommandResultCode.SUCCESS) {
                rejects++;
            }
            for (MatcherTradeEvent e = work.matcherEvent; e != null; e = e.nextEvent) {
                if (e.eventType == MatcherEventType.TRADE) {
                    fills++;
                }
            }
        }

        private void requireMarket(long id) {
            if (id != marketId && id != CancelOrder.ANY_MARKET) {
                throw new IllegalArgumentException("market " + id + " is not the compared market " + marketId);
            }
        }

        private long uid(String address) {
            return uids.computeIfAbsent(address, a -> (long) uids.size() + 1);
        }

        private static long orderId(long hyperperpOrderId, String clientOrderId) {
            if (hyperperpOrderId != CancelOrder.NO_ORDER_ID || clientOrderId == null) {
                throw new IllegalArgumentException("orders must be named by client_order_id (exchange-core's order id)");
            }
            try {
                long id = Long.parseLong(clientOrderId);
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("client_order_id must be a positive integer: " + clientOrderId);
        }

        private static long units(long scaled, long unit, String field) {
            if (scaled % unit != 0) {
                throw new IllegalArgumentException(field + " must be a whole number (exchange-core ticks and lots are 1)");
            }
            return scaled / unit;
        }
    }
}
