package io.hyperperp.server;

import static io.hyperperp.server.AccountApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile values on the admin and account routes. Engine rejections of a body with one value name that
 * value: the engine's reasons name an order's fields ({@code price}, {@code size}, {@code amount}), which a
 * mark price, leverage or funding body does not have. An amount the engine can never book is refused
 * rather than answered as credited.
 */
class HostileInputFieldsTest {

    private static final String ADMIN = "hostile-admin-token-0123456789";
    private static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static TestServer.Reply admin(String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    private static void ok(TestServer.Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @Test
    void markPriceRejectionsNameMarkPrice() throws Exception {
        ok(admin("/v1/deposits", "{\"user_address\":\"0xf1\",\"amount\":\"100000\",\"deposit_id\":\"f1\"}"));
        ok(admin("/v1/deposits", "{\"user_address\":\"0xf2\",\"amount\":\"100000\",\"deposit_id\":\"f2\"}"));
        ok(t.post("/v1/orders", TestServer.order("0xf1", 31, "sell", "4.0", "30000.0")));
        ok(t.post("/v1/orders", TestServer.order("0xf2", 31, "buy", "4.0", "30000.0")));

        assertError(admin("/v1/markets/31/mark-price", "{\"mark_price\":\"0\"}"), 400, "INVALID_PRICE", "mark_price");
        // four contracts valued at this mark do not fit in 64 bits of collateral units
        assertError(admin("/v1/markets/31/mark-price", "{\"mark_price\":\"92233720368.0\"}"), 400,
                "AMOUNT_TOO_LARGE", "mark_price");
        assertThat(t.get("/v1/accounts/0xf2").json().at("/markets/0/size").asText()).isEqualTo("4.0");
    }

    @Test
    void leverageRejectionsNameLeverage() throws Exception {
        ok(admin("/v1/deposits", "{\"user_address\":\"0xf3\",\"amount\":\"1000\",\"deposit_id\":\"f3\"}"));
        ok(admin("/v1/deposits", "{\"user_address\":\"0xf4\",\"amount\":\"1000\",\"deposit_id\":\"f4\"}"));
        // 0.3 at 30,000 is 9,000 of notional: 900 of margin at 10x, 9,000 at 1x, more than the 1,000 deposited
        ok(t.post("/v1/orders", TestServer.order("0xf3", 32, "sell", "0.3", "30000.0")));
        ok(t.post("/v1/orders", TestServer.order("0xf4", 32, "buy", "0.3", "30000.0")));

        assertError(t.post("/v1/leverage", "{\"user_address\":\"0xf4\",\"market_id\":32,\"leverage\":1}"), 400,
                "INSUFFICIENT_MARGIN", "leverage");
        assertError(t.post("/v1/leverage", "{\"user_address\":\"0xf4\",\"market_id\":32,\"leverage\":0}"), 400,
                "INVALID_LEVERAGE", "leverage");
    }

    /** The seed's admin deposit answered {@code credited: true} for amounts the engine then refused. */
    @Test
    void seedDepositTooLargeForTheEngineIsRefusedNotCredited() throws Exception {
        for (String amount : new String[] {"9223372036854775807", "2305843009213693952"}) {
            assertError(admin("/deposit", "{\"user_address\":\"0xf5\",\"amount\":" + amount + "}"), 400,
                    "AMOUNT_TOO_LARGE", "amount");
        }
        // the engine's bound is on the exchange's net deposits: a normal amount still goes through
        TestServer.Reply normal = admin("/deposit", "{\"user_address\":\"0xf6\",\"amount\":2500000}");
        ok(normal);
        assertThat(normal.json().get("credited").asBoolean()).isTrue();
        assertThat(t.get("/v1/accounts/0xf5").json().get("collateral").asText()).isEqualTo("0.0");
        assertThat(t.get("/v1/accounts/0xf6").json().get("collateral").asText()).isEqualTo("2.5");
    }

    /** The bound is on all net deposits: the deposit that crosses it was answered credited too. */
    @Test
    void seedDepositPastTheRoomLeftIsRefusedNotCredited() throws Exception {
        TestServer own = TestServer.start(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross"));
        try {
            // 2^61 - 1 base units is the bound; leave room for exactly 10
            TestServer.Reply most = own.send(HttpRequest.newBuilder(own.uri("/deposit"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user_address\":\"0xf7\",\"amount\":2305843009213693941}")).build());
            ok(most);
            HttpRequest.Builder over = HttpRequest.newBuilder(own.uri("/deposit"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN);
            assertError(own.send(over.POST(HttpRequest.BodyPublishers.ofString(
                    "{\"user_address\":\"0xf8\",\"amount\":11}")).build()), 400, "AMOUNT_TOO_LARGE", "amount");
            ok(own.send(over.POST(HttpRequest.BodyPublishers.ofString(
                    "{\"user_address\":\"0xf8\",\"amount\":10}")).build()));
            assertThat(own.get("/v1/accounts/0xf8").json().get("collateral").asText()).isEqualTo("0.00001");
        } finally {
            own.close();
        }
    }
    /**
     * Admin deposits racing for the last room under the bound: each was checked against the room, then
     * credited, so several were answered {@code credited: true} while the engine booked one. The answer is
     * now the engine's own for that deposit: the sum of the amounts answered credited is what was booked.
     */
    @Test
    void racingSeedDepositsAreAnsweredCreditedOnlyWhenBooked() throws Exception {
        TestServer own = TestServer.start(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross",
                "rate_limit.ip_per_sec", "0"));
        int racers = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        try {
            // 2^61 - 1 base units is the bound; leave room for exactly 10: one deposit of 6 fits, two do not
            long first = 2305843009213693941L;
            ok(own.send(seedDeposit(own, "0xe0", first)));
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<TestServer.Reply>> replies = new java.util.ArrayList<>();
            for (int i = 1; i <= racers; i++) {
                HttpRequest request = seedDeposit(own, "0xe" + Integer.toHexString(i), 6);
                replies.add(pool.submit(() -> {
                    start.await();
                    return own.send(request);
                }));
            }
            start.countDown();
            long credited = first;
            int answeredCredited = 0;
            for (java.util.concurrent.Future<TestServer.Reply> f : replies) {
                TestServer.Reply r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                if (r.status() == 200 && r.json().get("credited").asBoolean()) {
                    credited += r.json().get("amount").asLong();
                    answeredCredited++;
                } else {
                    assertError(r, 400, "AMOUNT_TOO_LARGE", "amount");
                }
            }
            long booked = own.server.backend().runtime().query(e -> e.netDeposits()).join();
            assertThat(answeredCredited).isEqualTo(1);
            assertThat(credited).isEqualTo(booked);
            // the seed's own ledger (what its orders are checked against) holds only what was booked
            BigInteger inLedger = BigInteger.ZERO;
            for (int i = 0; i <= racers; i++) {
                inLedger = inLedger.add(own.server.deposits().balance(
                        io.hyperperp.aptos.account.AccountAddress.parse("0xe" + Integer.toHexString(i)).toShortString()));
            }
            assertThat(inLedger).isEqualTo(BigInteger.valueOf(booked));
        } finally {
            pool.shutdownNow();
            own.close();
        }
    }

    private static HttpRequest seedDeposit(TestServer server, String user, long amount) {
        return HttpRequest.newBuilder(server.uri("/deposit")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user_address\":\"" + user + "\",\"amount\":" + amount + "}")).build();
    }
}
