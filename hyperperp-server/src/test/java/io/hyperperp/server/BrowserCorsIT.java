package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.server.auth.StreamTokens;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A page on another origin, in headless Chromium, uses the API as the seed's web app does: places an
 * order with a JSON POST (preflighted), reads the book and the user's orders, cancels with the
 * seed's body-less POST, and receives Server-Sent Events, including a private stream opened with a
 * signed query token.
 */
class BrowserCorsIT {

    static final String WALLET = "0x0a" + "2".repeat(62);

    /** The page's script: every step's outcome goes to window.progress, the end to window.result. */
    static final String PAGE = """
            <!doctype html><html><head><meta charset="utf-8"><title>seed app</title></head><body><script>
            const params = new URLSearchParams(location.search);
            const api = params.get("api");
            const wallet = params.get("wallet");
            window.progress = {events: [], privateEvents: []};
            function until(check, ms) {
              return new Promise((resolve, reject) => {
                const t0 = Date.now();
                (function poll() {
                  if (check()) { resolve(); } else if (Date.now() - t0 > ms) { reject(new Error("timed out")); }
                  else { setTimeout(poll, 20); }
                })();
              });
            }
            async function json(path, init) {
              const r = await fetch(api + path, init);
              const text = await r.text();
              return {status: r.status, body: text ? JSON.parse(text) : null};
            }
            const post = (path, body) => json(path, {method: "POST", headers: {"Content-Type": "application/json"},
                body: JSON.stringify(body)});
            (async () => {
              const p = window.progress;
              try {
                const es = new EventSource(api + "/v1/stream?channels=trades:1,book:1");
                for (const type of ["subscribed", "snapshot", "level_changed", "fill"]) {
                  es.addEventListener(type, () => p.events.push(type));
                }
                await until(() => p.events.includes("subscribed"), 10000);
                const priv = params.get("private");
                if (priv) {
                  const ps = new EventSource(priv);
                  ps.addEventListener("subscribed", () => p.privateEvents.push("subscribed"));
                  await until(() => p.privateEvents.includes("subscribed"), 10000);
                  ps.close();
                }
                const placed = await post("/orders", {user_address: wallet, market_id: 1, side: "Sell",
                    order_type: "Limit", size: "1.0", price: "50.0", expires_at: null});
                p.placed = placed.status;
                const id = placed.body.order.id;
                p.book = (await json("/orderbook/1")).body;
                const taker = await post("/orders", {user_address: "0xb0b", market_id: 1, side: "Buy",
                    order_type: "Market", size: "0.4", price: null, expires_at: null});
                p.takerTrades = taker.body.trades.length;
                p.mine = (await json("/orders/user/" + wallet)).body;
                const cancelled = await fetch(api + "/orders/" + id, {method: "POST"});
                p.cancelOk = cancelled.ok;
                p.bookAfter = (await json("/orderbook/1")).body;
                await until(() => p.events.includes("fill") && p.events.includes("level_changed"), 10000);
                es.close();
                window.result = p;
              } catch (e) {
                p.error = String(e);
                window.result = p;
              }
            })();
            </script></body></html>
            """;

    @Test
    void aPageOnAnotherOriginTradesReadsAndStreams() throws Exception {
        String[] why = new String[1];
        Optional<HeadlessChromium.Binaries> binaries = HeadlessChromium.locate(why);
        Assumptions.assumeTrue(binaries.isPresent(), () -> "skipped: " + why[0]);

        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(11));
        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        pages.createContext("/", ex -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        pages.start();
        try (TestServer t = TestServer.start();
             TestServer signed = TestServer.start(Map.of("auth.mode", "signature"));
             HeadlessChromium browser = HeadlessChromium.start(binaries.get())) {
            String channels = "orders:" + key.accountAddress().toShortString();
            long expires = System.currentTimeMillis() + 600_000;
            String token = StreamTokens.token(key.publicKey().toBytes(), expires,
                    key.sign(StreamTokens.message(expires, channels)));
            String privateStream = signed.server.uri() + "/v1/stream?channels="
                    + URLEncoder.encode(channels, StandardCharsets.UTF_8) + "&token=" + token;
            // The page's origin (localhost) is not the API's (127.0.0.1, another port).
            String page = "http://localhost:" + pages.getAddress().getPort() + "/app?api="
                    + URLEncoder.encode(t.server.uri().toString(), StandardCharsets.UTF_8) + "&wallet=" + WALLET
                    + "&private=" + URLEncoder.encode(privateStream, StandardCharsets.UTF_8);
            browser.navigate(page);
            JsonNode result = browser.awaitValue("return window.result ? JSON.stringify(window.result) : null",
                    Duration.ofSeconds(60));
            JsonNode r = TestServer.MAPPER.readTree(result.asText());
            assertThat(r.path("error").isMissingNode()).as(r.toString()).isTrue();
            assertThat(r.get("placed").asInt()).isEqualTo(200);
            assertThat(r.get("book").get("asks").get(0).get("price").asText()).isEqualTo("50.0");
            assertThat(r.get("takerTrades").asInt()).isEqualTo(1);
            JsonNode mine = r.get("mine").get("orders").get(0);
            assertThat(mine.get("status").asText()).isEqualTo("PartiallyFilled");
            assertThat(mine.get("user_address").asText()).isEqualTo(WALLET);
            assertThat(r.get("cancelOk").asBoolean()).isTrue();
            assertThat(r.get("bookAfter").get("asks").size()).isZero();
            assertThat(r.get("events").toString()).contains("subscribed", "snapshot", "level_changed", "fill");
            assertThat(r.get("privateEvents").toString()).contains("subscribed");
        } finally {
            pages.stop(0);
        }
    }
}
