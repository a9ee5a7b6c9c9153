package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints an account as the account routes answer it (summary line and a table of its markets). */
final class AccountOutput {

    private AccountOutput() {
    }

    static void print(JsonNode a, PrintWriter out) {
        out.println("account " + ClientCommand.text(a, "address") + ": collateral " + ClientCommand.text(a, "collateral")
                + "  equity " + ClientCommand.text(a, "equity") + "  margin_used " + ClientCommand.text(a, "margin_used")
                + "  free " + ClientCommand.text(a, "free_collateral"));
        Table t = new Table(">MARKET", ">LEVERAGE", "SIDE", ">SIZE", ">ENTRY", ">MARK", ">UPNL", ">LIQ_PRICE");
        for (JsonNode m : a.path("markets")) {
            t.row(ClientCommand.text(m, "market_id"), ClientCommand.text(m, "leverage"), ClientCommand.text(m, "side"),
                    ClientCommand.text(m, "size"), ClientCommand.text(m, "entry_price"),
                    ClientCommand.text(m, "mark_price"), ClientCommand.text(m, "unrealised_pnl"),
                    ClientCommand.text(m, "liquidation_price"));
        }
        t.print(out);
    }
}
