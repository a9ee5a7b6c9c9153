package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Server-Sent Events: snapshot + deltas = the book, resume with Last-Event-ID, slow clients. */
class StreamTest {

    record Event(Long id, String type, JsonNode data) {
    }

    /** Reads an SSE response into a queue on a background thread. */
    static final class SseReader implements AutoCloseable {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final Stream<String> lines;
        final Thread thread;

        SseReader(TestServer t, String pathAndQuery, Long lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(pathAndQuery)).GET();
            if (lastEventId != null) {
                b.header("Last-Event-ID", Long.toString(lastEventId));
            }
            HttpResponse<Stream<String>> r = t.client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            lines = r.body();
            thread = new Thread(() -> {
                Long id = null;
                String type = null;
                StringBuilder data = new StringBuilder();
                try {
                    for (var it = lines.iterator(); it.hasNext(); ) {
                        String line = it.next();
                        if (line.isEmpty()) {
                            if (type != null) {
                                events.add(new Event(id, type, TestServer.MAPPER.readTree(data.toString())));
                            }
                            id = null;
                            type = null;
                            data.setLength(0);
                        } else if (line.startsWith("id: ")) {
                            id = Long.parseLong(line.substring(4));
                        } else if (line.startsWith("event: ")) {
                            type = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            data.append(line.substring(6));
                        }
                    }
                } catch (Exception | Error ignored) {
                    // closed
                }
            }, "sse-reader");
            thread.setDaemon(true);
            thread.start();
        }

        Event next() throws InterruptedException {
            Event e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("expected an SSE event").isNotNull();
            return e;
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    /** An L2 book rebuilt from a snapshot and level_changed deltas. */
    static final class Book {
        final TreeMap<String, String> bids = new TreeMap<>();
        final TreeMap<String, String> asks = new TreeMap<>();
        long sequence;

        void snapshot(JsonNode s) {
            bids.clear();
            asks.clear();
            for (JsonNode l : s.get("bids")) {
                bids.put(l.get("price").asText(), l.get("size").asText() + "/" + l.get("order_count").asInt());
            }
            for (JsonNode l : s.get("asks")) {
                asks.put(l.get("price").asText(), l.get("size").asText() + "/" + l.get("order_count").asInt());
            }
        }

        void apply(JsonNode delta) {
            TreeMap<String, String> side = delta.get("side").asText().equals("buy") ? bids : asks;
            if (delta.get("order_count").asInt() == 0) {
                side.remove(delta.get("price").asText());
            } else {
                side.put(delta.get("price").asText(),
                        delta.get("size").asText() + "/" + delta.get("order_count").asInt());
            }
        }
    }

    private static void trade(TestServer t, Random rnd, long market, int n) throws Exception {
        StringBuilder body = new StringBuilder("{\"orders\":[");
        for (int i = 0; i < n; i++) {
            String side = rnd.nextBoolean() ? "buy" : "sell";
            int price = 95 + rnd.nextInt(11);
            body.append(i == 0 ? "" : ",").append(TestServer.order("0x" + Integer.toHexString(1 + rnd.nextInt(5)),
                    market, side, (1 + rnd.nextInt(3)) + ".0", price + ".0"));
        }
        body.append("]}");
        assertThat(t.post("/v1/orders/batch", body.toString()).status()).isEqualTo(200);
    }

    private static void catchUp(SseReader sse, Book book, long sequence) throws InterruptedException {
        while (book.sequence < sequence) {
            Event e = sse.next();
            if (e.type().equals("level_changed")) {
                book.apply(e.data());
            }
            if (e.id() != null) {
                assertThat(e.id()).isGreaterThan(book.sequence);
                book.sequence = e.id();
            }
        }
    }

    private static void assertSame(TestServer t, Book book, long market) throws Exception {
        Book expected = new Book();
        expected.snapshot(t.get("/v1/orderbook/" + market + "?depth=5000").json());
        assertThat(book.bids).isEqualTo(expected.bids);
        assertThat(book.asks).isEqualTo(expected.asks);
    }

    @Test
    void snapshotPlusDeltasEqualsTheBookAndResumeHasNoGap() throws Exception {
        try (TestServer t = TestServer.start()) {
            Random rnd = new Random(42);
            long market = 3;
            for (int i = 0; i < 5; i++) {
                trade(t, rnd, market, 50);
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread traffic = new Thread(() -> {
                Random r = new Random(7);
                try {
                    while (!stop.get()) {
                        trade(t, r, market, 20);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            traffic.start();
            Book book = new Book();
            long lastSeen;
            try (SseReader sse = new SseReader(t, "/v1/stream?channels=book:3,trades:3", null)) {
                Event subscribed = sse.next();
                assertThat(subscribed.type()).isEqualTo("subscribed");
                assertThat(subscribed.data().get("resumed").asBoolean()).isFalse();
                Event snap = sse.next();
                assertThat(snap.type()).isEqualTo("snapshot");
                assertThat(snap.id()).isEqualTo(subscribed.id());
                book.snapshot(snap.data());
                book.sequence = snap.id();
                Thread.sleep(300);
                stop.set(true);
                traffic.join();
                long finalSeq = t.get("/v1/orderbook/3").json().get("sequence").asLong();
                catchUp(sse, book, finalSeq);
                assertSame(t, book, market);
                lastSeen = book.sequence;
            }
            // Disconnected: more trading happens; resume from the last id without a gap.
            for (int i = 0; i < 3; i++) {
                trade(t, rnd, market, 30);
            }
            try (SseReader sse = new SseReader(t, "/v1/stream?channels=book:3", lastSeen)) {
                Event subscribed = sse.next();
                assertThat(subscribed.type()).isEqualTo("subscribed");
                assertThat(subscribed.data().get("resumed").asBoolean()).isTrue();
                long finalSeq = t.get("/v1/orderbook/3").json().get("sequence").asLong();
                catchUp(sse, book, finalSeq);
                assertSame(t, book, market);
            }
        }
    }

    @Test
    void resumeTooOldGivesAFlaggedSnapshot() throws Exception {
        try (TestServer t = TestServer.start(Map.of("stream.ring_size", "16"))) {
            trade(t, new Random(1), 4, 40);
            try (SseReader sse = new SseReader(t, "/v1/stream?channels=book:4,orders:0x1", 1L)) {
                Event subscribed = sse.next();
                assertThat(subscribed.data().get("resumed").asBoolean()).isFalse();
                assertThat(subscribed.data().get("resync").asBoolean()).isTrue();
                Event snap = sse.next();
                assertThat(snap.type()).isEqualTo("snapshot");
                assertThat(snap.data().get("resync").asBoolean()).isTrue();
                Book book = new Book();
                book.snapshot(snap.data());
                assertSame(t, book, 4);
                // Orders channel delivers the user's events.
                assertThat(t.post("/v1/orders", TestServer.order("0x1", 4, "buy", "1.0", "1.0")).status()).isEqualTo(200);
                Event accepted = sse.next();
                while (!accepted.type().equals("order_accepted")) {
                    accepted = sse.next();
                }
                assertThat(accepted.data().get("order").get("user_address").asText()).isEqualTo("0x1");
            }
            assertThat(t.get("/v1/stream?channels=book:x").status()).isEqualTo(400);
            assertThat(t.get("/v1/stream?channels=nope:1").status()).isEqualTo(400);
            assertThat(t.get("/v1/stream").status()).isEqualTo(400);
        }
    }

    @Test
    void slowClientIsDisconnectedAndTheEngineIsUnaffected() throws Exception {
        try (TestServer t = TestServer.start(Map.of("stream.client_queue", "16"))) {
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(1024);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", t.server.port()));
                OutputStream out = socket.getOutputStream();
                out.write(("GET /v1/stream?channels=book:5,trades:5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] head = new byte[64];
                assertThat(in.read(head)).isPositive();
                // Never read again. Trade until the server gives up on the client.
                Random rnd = new Random(3);
                long deadline = System.currentTimeMillis() + 20_000;
                while (System.currentTimeMillis() < deadline && !t.get("/metrics").text()
                        .contains("hyperperp_stream_disconnects_total{reason=\"slow\"}")) {
                    trade(t, rnd, 5, 100);
                }
                assertThat(t.get("/metrics").text()).contains("hyperperp_stream_disconnects_total{reason=\"slow\"}");
                assertThat(t.get("/health").status()).isEqualTo(200);
                assertThat(t.post("/v1/orders", TestServer.order("0x9", 5, "buy", "1.0", "1.0")).status()).isEqualTo(200);
            }
        }
    }

    static List<Event> drain(SseReader r) {
        List<Event> out = new ArrayList<>();
        r.events.drainTo(out);
        return out;
    }
}
