package io.hyperperp.bench.http;

/**
 * The order bodies of the HTTP load: orders of size 1 on one market from 100 users (or one signer's
 * address). {@code tradePercent} of them, spread evenly, are IOC orders that cross the book (buys at
 * 30010, sells at 29990, alternately); the others rest as GTC orders, sells at 30001-30009 and buys at
 * 29991-29999, alternately. At 50% every resting order is soon taken, so the book stays small.
 *
 * @param market       the market id of every order
 * @param tradePercent share of orders that cross the book, 0-100
 * @param batch        orders per request; above 1 a request is a {@code POST /v1/orders/batch} body
 */
public record OrderBodies(long market, int tradePercent, int batch) {

    /** Rejects a share outside 0-100 and a batch below 1. */
    public OrderBodies {
        if (tradePercent < 0 || tradePercent > 100) {
            throw new IllegalArgumentException("trade percent must be 0-100");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
    }

    /** The path a request of these bodies posts to. */
    public String path() {
        return batch > 1 ? "/v1/orders/batch" : "/v1/orders";
    }

    /** The body of request {@code i}: one order, or {@code {"orders": [...]}} of {@code batch} orders. */
    public String request(long i, String signer) {
        if (batch <= 1) {
            return order(i, signer);
        }
        StringBuilder s = new StringBuilder(24 + batch * 200).append("{\"orders\":[");
        for (int k = 0; k < batch; k++) {
            if (k > 0) {
                s.append(',');
            }
            s.append(order(i * batch + k, signer));
        }
        return s.append("]}").toString();
    }

    /** Order {@code i} of the stream; {@code signer} (or null: one of 100 users) places it. */
    public String order(long i, String signer) {
        String user = signer != null ? signer : "0x" + Long.toHexString(0xb000 + i % 100);
        // Spread the trading orders evenly: order i trades when the running count of trading orders steps up.
        boolean trades = (i + 1) * tradePercent / 100 > i * tradePercent / 100;
        long round = i * tradePercent / 100; // trading orders so far: alternate their side
        boolean sell;
        String price;
        if (trades) {
            sell = round % 2 == 1;
            price = sell ? "29990.0" : "30010.0"; // crosses the resting orders of the other side
        } else {
            sell = (i - round) % 2 == 0;
            price = sell ? (30001 + i % 9) + ".0" : (29999 - i % 9) + ".0";
        }
        return "{\"user_address\":\"" + user + "\",\"market_id\":" + market + ",\"side\":\""
                + (sell ? "sell" : "buy") + "\",\"order_type\":\"limit\",\"time_in_force\":\""
                + (trades ? "ioc" : "gtc") + "\",\"size\":\"1.0\",\"price\":\"" + price + "\",\"stp\":\"none\"}";
    }
}
