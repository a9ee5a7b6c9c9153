package io.hyperperp.core.event;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.order.Side;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes the event stream in a canonical binary encoding (SHA-256), so that two runs can be
 * compared byte for byte with one value. Every field of every event goes into the hash, in a fixed
 * order, integers big-endian, strings as length-prefixed UTF-8, null as length -1.
 */
public final class EventHasher implements EngineEventHandler {

    private final MessageDigest digest;
    private final byte[] buffer = new byte[8];
    private long count;

    /** A hasher over an empty stream. */
    public EventHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Number of events hashed. */
    public long count() {
        return count;
    }

    /** Hex SHA-256 of the events so far; the hasher can go on afterwards with a fresh digest. */
    public String hexDigest() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private void header(int type, long sequence, long timestamp) {
        count++;
        digest.update((byte) type);
        putLong(sequence);
        putLong(timestamp);
    }

    private void putLong(long v) {
        for (int i = 7; i >= 0; i--) {
            buffer[i] = (byte) v;
            v >>>= 8;
        }
        digest.update(buffer, 0, 8);
    }

    private void putInt(int v) {
        buffer[0] = (byte) (v >>> 24);
        buffer[1] = (byte) (v >>> 16);
        buffer[2] = (byte) (v >>> 8);
        buffer[3] = (byte) v;
        digest.update(buffer, 0, 4);
    }

    private void putString(String s) {
        if (s == null) {
            putInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        putInt(bytes.length);
        digest.update(bytes);
    }

    private void putOrder(OrderView o) {
        putLong(o.orderId());
        putString(o.userAddress());
        putLong(o.marketId());
        digest.update((byte) o.side().ordinal());
        digest.update((byte) o.orderType().ordinal());
        digest.update((byte) o.timeInForce().ordinal());
        putLong(o.price());
        putLong(o.size());
        putLong(o.filledSize());
        putLong(o.openSize());
        putString(o.clientOrderId());
        digest.update((byte) (o.reduceOnly() ? 1 : 0));
        digest.update((byte) o.stp().ordinal());
        putLong(o.expiresAt());
        putLong(o.prioritySequence());
        putLong(o.createdAt());
        digest.update((byte) o.status().ordinal());
    }

    private void putCommand(Command c) {
        putString(c.op());
        putLong(c.timestamp());
        putString(c.userAddress());
        if (c instanceof PlaceOrder p) {
            putLong(p.marketId());
            digest.update((byte) p.side().ordinal());
            digest.update((byte) p.orderType().ordinal());
            digest.update((byte) p.timeInForce().ordinal());
            putLong(p.price());
            putLong(p.size());
            putString(p.clientOrderId());
            digest.update((byte) (p.reduceOnly() ? 1 : 0));
            digest.update((byte) (p.stp() == null ? -1 : p.stp().ordinal()));
            putLong(p.expiresAt());
        } else if (c instanceof CancelOrder x) {
            putLong(x.marketId());
            putLong(x.orderId());
            putString(x.clientOrderId());
        } else if (c instanceof CancelAll x) {
            putLong(x.marketId());
        } else if (c instanceof AmendOrder a) {
            putLong(a.marketId());
            putLong(a.orderId());
            putString(a.clientOrderId());
            putLong(a.newPrice());
            putLong(a.newSize());
        } else if (c instanceof PlaceConditionalOrder p) {
            putLong(p.marketId());
            digest.update((byte) p.side().ordinal());
            digest.update((byte) p.kind().ordinal());
            digest.update((byte) p.orderType().ordinal());
            putLong(p.triggerPrice());
            digest.update((byte) p.triggerBy().ordinal());
            putLong(p.price());
            putLong(p.size());
            putString(p.clientOrderId());
            digest.update((byte) (p.reduceOnly() ? 1 : 0));
            digest.update((byte) (p.stp() == null ? -1 : p.stp().ordinal()));
            putLong(p.expiresAt());
            putString(p.ocoGroup());
        } else if (c instanceof AmendConditionalOrder a) {
            putLong(a.marketId());
            putLong(a.orderId());
            putString(a.clientOrderId());
            putLong(a.newTriggerPrice());
            putLong(a.newPrice());
            putLong(a.newSize());
        } else if (c instanceof UpdateMarkPrice m) {
            putLong(m.marketId());
            putLong(m.markPrice());
            if (m.indexPrice() != UpdateMarkPrice.NO_INDEX) {
                putLong(m.indexPrice()); // only when given, so that older streams hash as before
            }
        } else if (c instanceof Deposit d) {
            putLong(d.amount());
            putString(d.depositId());
        } else if (c instanceof Withdraw w) {
            putLong(w.amount());
        } else if (c instanceof SetLeverage l) {
            putLong(l.marketId());
            putInt(l.leverage());
        } else if (c instanceof ApplyFunding f) {
            putLong(f.marketId());
            putLong(f.rate());
        }
    }

    @Override
    public void riskEvent(long sequence, long timestamp, RiskEvent e) {
        header(13, sequence, timestamp);
        digest.update((byte) e.kind().ordinal());
        putString(e.userAddress());
        putLong(e.marketId());
        putLong(e.size());
        putLong(e.price());
        putLong(e.amount());
        putLong(e.margin());
        putString(e.counterparty());
        putString(e.reference());
        putLong(e.collateral());
    }

    @Override
    public void orderAccepted(long sequence, long timestamp, OrderView order) {
        header(1, sequence, timestamp);
        putOrder(order);
    }

    @Override
    public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
        header(2, sequence, timestamp);
        putCommand(command);
        putString(reason.name());
    }

    @Override
    public void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker, OrderView maker,
                     long price, long size, long takerFee, long makerFee) {
        header(3, sequence, timestamp);
        putLong(tradeId);
        putLong(marketId);
        putOrder(taker);
        putOrder(maker);
        putLong(price);
        putLong(size);
        putLong(takerFee);
        putLong(makerFee);
        if (taker.liquidation()) {
            digest.update((byte) 'L'); // only liquidation fills carry it, so older streams hash as before
        }
    }

    @Override
    public void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason) {
        header(4, sequence, timestamp);
        putOrder(order);
        putString(reason.name());
    }

    @Override
    public void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice,
                             long previousOpenSize) {
        header(5, sequence, timestamp);
        putOrder(order);
        putLong(previousPrice);
        putLong(previousOpenSize);
    }

    @Override
    public void orderFilled(long sequence, long timestamp, OrderView order) {
        header(6, sequence, timestamp);
        putOrder(order);
    }

    @Override
    public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                             int orderCount) {
        header(7, sequence, timestamp);
        putLong(marketId);
        digest.update((byte) side.ordinal());
        putLong(price);
        putLong(totalSize);
        putInt(orderCount);
    }

    private void putConditional(ConditionalOrderSnapshot o) {
        putLong(o.orderId());
        putString(o.userAddress());
        putLong(o.marketId());
        digest.update((byte) o.side().ordinal());
        digest.update((byte) o.kind().ordinal());
        digest.update((byte) o.orderType().ordinal());
        putLong(o.triggerPrice());
        digest.update((byte) o.triggerBy().ordinal());
        putLong(o.price());
        putLong(o.size());
        putString(o.clientOrderId());
        digest.update((byte) (o.reduceOnly() ? 1 : 0));
        digest.update((byte) o.stp().ordinal());
        putLong(o.expiresAt());
        putString(o.ocoGroup());
        putLong(o.createdAt());
        digest.update((byte) o.status().ordinal());
    }

    @Override
    public void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) {
        header(8, sequence, timestamp);
        putConditional(order);
    }

    @Override
    public void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     long referencePrice) {
        header(9, sequence, timestamp);
        putConditional(order);
        putLong(referencePrice);
    }

    @Override
    public void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     CancelReason reason) {
        header(10, sequence, timestamp);
        putConditional(order);
        putString(reason.name());
    }

    @Override
    public void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                   ConditionalOrderSnapshot previous) {
        header(11, sequence, timestamp);
        putConditional(order);
        putConditional(previous);
    }

    @Override
    public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
        header(12, sequence, timestamp);
        putLong(marketId);
        putLong(markPrice);
    }

    /** Feeds a recorded event through the same encoding. */
    public void accept(EngineEvent event) {
        if (event instanceof EngineEvent.OrderAccepted e) {
            orderAccepted(e.sequence(), e.timestamp(), e.order());
        } else if (event instanceof EngineEvent.CommandRejected e) {
            commandRejected(e.sequence(), e.timestamp(), e.command(), e.reason());
        } else if (event instanceof EngineEvent.Fill e) {
            fill(e.sequence(), e.timestamp(), e.tradeId(), e.marketId(), e.taker(), e.maker(), e.price(), e.size(),
                    e.takerFee(), e.makerFee());
        } else if (event instanceof EngineEvent.OrderCancelled e) {
            orderCancelled(e.sequence(), e.timestamp(), e.order(), e.reason());
        } else if (event instanceof EngineEvent.OrderAmended e) {
            orderAmended(e.sequence(), e.timestamp(), e.order(), e.previousPrice(), e.previousOpenSize());
        } else if (event instanceof EngineEvent.OrderFilled e) {
            orderFilled(e.sequence(), e.timestamp(), e.order());
        } else if (event instanceof EngineEvent.ConditionalAccepted e) {
            conditionalAccepted(e.sequence(), e.timestamp(), e.order());
        } else if (event instanceof EngineEvent.ConditionalTriggered e) {
            conditionalTriggered(e.sequence(), e.timestamp(), e.order(), e.referencePrice());
        } else if (event instanceof EngineEvent.ConditionalCancelled e) {
            conditionalCancelled(e.sequence(), e.timestamp(), e.order(), e.reason());
        } else if (event instanceof EngineEvent.ConditionalAmended e) {
            conditionalAmended(e.sequence(), e.timestamp(), e.order(), e.previous());
        } else if (event instanceof EngineEvent.MarkPriceUpdated e) {
            markPriceUpdated(e.sequence(), e.timestamp(), e.marketId(), e.markPrice());
        } else if (event instanceof EngineEvent.Risk e) {
            riskEvent(e.sequence(), e.timestamp(), e.event());
        } else if (event instanceof EngineEvent.LevelChanged e) {
            levelChanged(e.sequence(), e.timestamp(), e.marketId(), e.side(), e.price(), e.totalSize(),
                    e.orderCount());
        }
    }
}
