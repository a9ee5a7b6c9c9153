package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.server.HyperperpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Risk's extremes through the client commands (session 14's review): marks, funding rates, deposits and
 * withdrawals at 0, negative, 1e18, with too many decimals and past 64 bits are refused with one line naming the
 * field and exit 1, 2 or 3, never a stack trace; a deposit id reused by another user credits nobody; exactly the
 * free collateral is withdrawn. The operator funds the insurance fund, reads it, and pays out a system account
 * with the admin token.
 */
class RiskExtremesCliTest {

    private static final String ADMIN = "cli-extremes-admin-token";

    @Test
    void extremeValuesAreRefusedWithOneLineNamingTheField() throws Exception {
        HyperperpServer server = Cli.server(Map.of("server.default_margin", "cross", "auth.admin_token", ADMIN));
        try {
            String url = server.uri().toString();
            for (String price : List.of("0", "-1", "1e18", "10.000000001", "9223372036854775808")) {
                refused(Cli.run("mark-price", "--market", "1", "--price", price, "--admin-token", ADMIN,
                        "--server", url), "mark_price", "price");
            }
            assertThat(Cli.run("mark-price", "--market", "1", "--price", "10", "--admin-token", ADMIN, "--server",
                    url).exitCode()).isZero();
            for (String rate : List.of("0.01000001", "-1", "1e18", "0.000000001", "-92233720368.54775808")) {
                refused(Cli.run("funding", "--market", "1", "--rate", rate, "--admin-token", ADMIN, "--server", url),
                        "rate");
            }
            Cli none = Cli.run("funding", "--market", "1", "--rate", "0.01", "--admin-token", ADMIN, "--server", url);
            assertThat(none.exitCode()).as(none.toString()).isZero();
            for (String amount : List.of("0", "-1", "1e18", "1.0000001", "9223372036854775808")) {
                refused(Cli.run("deposit", "--user", "0xa1", "--amount", amount, "--id", "x" + amount,
                        "--admin-token", ADMIN, "--server", url), "amount");
            }
            assertThat(Cli.run("deposit", "--user", "0xa1", "--amount", "50", "--id", "same", "--admin-token", ADMIN,
                    "--server", url).exitCode()).isZero();
            Cli reused = Cli.run("deposit", "--user", "0xb1", "--amount", "5000", "--id", "same", "--admin-token",
                    ADMIN, "--server", url, "--json");
            assertThat(reused.exitCode()).as(reused.toString()).isEqualTo(3);
            assertThat(reused.err()).contains("DEPOSIT_ID_TAKEN", "another user (0xa1", "deposit_id");
            // An admin token with a line break was written into the request head as it was (a header injected).
            for (String token : List.of(ADMIN + "\r\nX-Injected: 1", ADMIN + "\nx", "tok en", "jeton-é")) {
                Cli bad = Cli.run("deposit", "--user", "0xa1", "--amount", "1", "--id", "tok", "--admin-token",
                        token, "--server", url);
                assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
                assertThat(bad.err().strip()).as(bad.toString())
                        .isEqualTo("error: --admin-token must be printable ASCII without spaces or line breaks");
            }
            Cli b = Cli.run("account", "--user", "0xb1", "--server", url, "--json");
            assertThat(b.exitCode()).as(b.toString()).isZero();
            assertThat(b.json().get("collateral").asText()).isEqualTo("0.0");

            // The address is one path segment: it reached the ledger route, a query, or an "Illegal character" error.
            for (String user : List.of("0xa1/ledger", "0xa1?limit=1", "0xa1\r\nX: 1", "0xa1/../../health")) {
                Cli odd = Cli.run("account", "--user", user, "--server", url);
                assertThat(odd.exitCode()).as(odd.toString()).isEqualTo(1);
                assertThat(odd.err().strip()).as(odd.toString()).startsWith("error: INVALID_FIELD:")
                        .endsWith("(field: address) [HTTP 400]");
            }
            refused(Cli.run("withdraw", "--user", "0xa1", "--amount", "50.000001", "--server", url), "amount");
            Cli all = Cli.run("withdraw", "--user", "0xa1", "--amount", "50", "--server", url);
            assertThat(all.exitCode()).as(all.toString()).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void theOperatorFundsWatchesAndPaysOutTheSystemAccounts() throws Exception {
        HyperperpServer server = Cli.server(Map.of("server.default_margin", "cross", "auth.admin_token", ADMIN));
        try {
            String url = server.uri().toString();
            Cli funded = Cli.run("deposit", "--user", "insurance_fund", "--amount", "500", "--id", "fund-1",
                    "--admin-token", ADMIN, "--server", url);
            assertThat(funded.exitCode()).as(funded.toString()).isZero();
            assertThat(funded.out()).contains("deposited 500 to insurance_fund");
            Cli fund = Cli.run("account", "--user", "insurance_fund", "--server", url, "--json");
            assertThat(fund.exitCode()).as(fund.toString()).isZero();
            assertThat(fund.json().get("collateral").asText()).isEqualTo("500.0");
            // Without the admin token the payout is refused (exit 1, the server's 401), with it paid.
            Cli anonymous = Cli.run("withdraw", "--user", "insurance_fund", "--amount", "100", "--admin-token", "",
                    "--server", url);
            assertThat(anonymous.exitCode()).as(anonymous.toString()).isEqualTo(1);
            assertThat(anonymous.err()).contains("401");
            Cli paid = Cli.run("withdraw", "--user", "insurance_fund", "--amount", "100", "--admin-token", ADMIN,
                    "--server", url, "--json");
            assertThat(paid.exitCode()).as(paid.toString()).isZero();
            assertThat(paid.json().at("/account/collateral").asText()).isEqualTo("400.0");
            refused(Cli.run("withdraw", "--user", "fee_account", "--amount", "0.000001", "--admin-token", ADMIN,
                    "--server", url), "amount");
        } finally {
            server.close();
        }
    }

    private static void refused(Cli run, String... fields) {
        assertThat(run.exitCode()).as(run.toString()).isIn(1, 2, 3);
        assertThat(run.err().strip().lines().count()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(List.of(fields)).as(run.toString()).anyMatch(f -> run.err().contains(f));
    }
}
