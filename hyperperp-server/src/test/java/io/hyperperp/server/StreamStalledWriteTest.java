package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream whose peer takes nothing more (it vanished without a FIN, or stopped reading) while events keep coming: once
 * the socket's buffers are full the stream's write blocks, and a probe cannot end it (its heartbeat waits behind the
 * blocked write). The write was bounded only by TCP giving up (minutes for a vanished peer, never for a peer that holds
 * its connection open and reads nothing), so the stream kept its per-address slot and every new stream of that address
 * was 429. A write that has not completed within two heartbeat intervals now ends the stream.
 */
class StreamStalledWriteTest {

    @Test
    void aStreamWhoseWriteStallsGivesItsSlotBackAfterTwoHeartbeats() throws Exception {
        try (TestServer t = TestServer.start(Map.of("stream.max_clients_per_ip", "1", "stream.heartbeat_secs", "1",
                // a queue the events below cannot overflow: the stream is not disconnected as a slow client
                "stream.client_queue", "1000000"))) {
            int port = t.server.uri().getPort();
            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(1024);
                stalled.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                stalled.setSoTimeout(10_000);
                request(stalled);
                assertThat(RawClient.readUntil(stalled, "event: subscribed")).startsWith("HTTP/1.1 200");
                // From here on the client reads nothing: events fill its receive buffer and the server's send buffer
                // (which the kernel grows to megabytes on loopback): 20,000 orders, two frames each.
                for (int batch = 0; batch < 200; batch++) {
                    StringBuilder orders = new StringBuilder("{\"orders\":[");
                    for (int i = 0; i < 100; i++) {
                        orders.append(i > 0 ? "," : "").append(TestServer.order("0xa11ce", 1, "buy", "1",
                                Integer.toString(1 + (batch * 100 + i) % 5_000)));
                    }
                    assertThat(t.post("/v1/orders/batch", orders.append("]}").toString()).status()).isEqualTo(200);
                }
                long start = System.nanoTime();
                String answer = "";
                while (System.nanoTime() - start < 20_000_000_000L && !answer.startsWith("HTTP/1.1 200")) {
                    try (Socket again = new Socket()) {
                        again.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                        again.setSoTimeout(10_000);
                        request(again);
                        answer = RawClient.readUntil(again, "\r\n\r\n");
                    }
                }
                assertThat(answer).as("a new stream of the address, %d ms after the events",
                        (System.nanoTime() - start) / 1_000_000L).startsWith("HTTP/1.1 200");
                assertThat((System.nanoTime() - start) / 1_000_000L).as("ms until the slot came back")
                        .isLessThan(10_000);
                assertThat(t.server.metrics().scrape()).contains("reason=\"write_timeout\"");
            }
        }
    }

    private static void request(Socket s) throws IOException {
        s.getOutputStream().write("GET /v1/stream?channels=book:1,orders:0xa11ce HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

}
