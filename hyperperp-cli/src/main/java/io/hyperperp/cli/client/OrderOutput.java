package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Human output of order answers. */
final class OrderOutput {

    private OrderOutput() {
    }

    /** An {@code OrderResponse}: one summary line, then its fills. */
    static void orderResult(PrintWriter out, String verb, JsonNode r) {
        JsonNode o = r.path("order");
        StringBuilder s = new StringBuilder();
        s.append(verb).append(' ').append(ClientCommand.text(r, "order_id")).append(": ")
                .append(ClientCommand.text(r, "status"));
        if (!o.isMissingNode()) {
            s.append("  ").append(ClientCommand.text(o, "side")).append(' ').append(ClientCommand.text(o, "order_type"));
            if (o.hasNonNull("price")) {
                s.append(" @ ").append(o.get("price").asText());
            }
            if (o.hasNonNull("trigger_price")) {
                s.append(" trigger ").append(o.get("trigger_price").asText());
            }
            s.append("  market ").append(ClientCommand.text(o, "market_id"));
        }
        s.append("  filled ").append(ClientCommand.text(r, "filled_size"))
                .append("  open ").append(ClientCommand.text(r, "open_size"));
        if (r.hasNonNull("cancel_reason")) {
            s.append("  (").append(r.get("cancel_reason").asText()).append(')');
        }
        out.println(s);
        JsonNode fills = r.path("fills");
        if (fills.isArray() && fills.size() > 0) {
            trades(out, fills);
        }
    }

    static void trades(PrintWriter out, JsonNode trades) {
        Table t = new Table("TRADE_ID", ">MARKET", ">PRICE", ">SIZE", "TAKER_SIDE", "TAKER", "MAKER", ">TAKER_FEE",
                ">MAKER_FEE", ">SEQUENCE");
        for (JsonNode f : trades) {
            t.row(ClientCommand.text(f, "trade_id"), ClientCommand.text(f, "market_id"), ClientCommand.text(f, "price"),
                    ClientCommand.text(f, "size"), ClientCommand.text(f, "taker_side"),
                    ClientCommand.text(f, "taker_user_address"), ClientCommand.text(f, "maker_user_address"),
                    ClientCommand.text(f, "taker_fee"), ClientCommand.text(f, "maker_fee"),
                    ClientCommand.text(f, "sequence"));
        }
        t.print(out);
    }

    static void orders(PrintWriter out, JsonNode orders) {
        Table t = new Table("ORDER_ID", ">MARKET", "SIDE", "TYPE", "TIF", ">PRICE", ">SIZE", ">FILLED", ">OPEN",
                "STATUS", "CLIENT_ID");
        for (JsonNode o : orders) {
            t.row(ClientCommand.text(o, "order_id"), ClientCommand.text(o, "market_id"), ClientCommand.text(o, "side"),
                    ClientCommand.text(o, "order_type"), ClientCommand.text(o, "time_in_force"),
                    ClientCommand.text(o, "price"), ClientCommand.text(o, "size"), ClientCommand.text(o, "filled_size"),
                    ClientCommand.text(o, "open_size"), ClientCommand.text(o, "status"),
                    ClientCommand.text(o, "client_order_id"));
        }
        t.print(out);
    }
}
