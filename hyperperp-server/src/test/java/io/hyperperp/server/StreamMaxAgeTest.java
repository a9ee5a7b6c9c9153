package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A peer that vanished without a FIN while its stream is quiet is not found by a heartbeat (the kernel buffers the
 * write) nor by a probe, so its stream kept the address's slot until TCP gave up (about 15 minutes on Linux). A stream
 * now ends at its age bound ({@code stream.max_age_secs}) with a {@code retry:} hint; a live client reconnects with
 * {@code Last-Event-ID} and resumes without a gap.
 */
class StreamMaxAgeTest {

    @Test
    void aQuietStreamWhosePeerSaysNothingGivesItsSlotBackAtItsAgeBound() throws Exception {
        try (TestServer t = TestServer.start(Map.of("stream.max_clients_per_ip", "1", "stream.max_age_secs", "2"))) {
            int port = t.server.uri().getPort();
            // The silent peer: it neither reads nor closes (a vanished one looks the same to the server until TCP
            // gives up: its heartbeats and probes are buffered by the kernel).
            try (Socket silent = openStream(port, null)) {
                assertThat(RawClient.readUntil(silent, "event: subscribed")).startsWith("HTTP/1.1 200");
                long start = System.nanoTime();
                try (Socket refused = openStream(port, null)) {
                    assertThat(RawClient.readUntil(refused, "\r\n\r\n")).startsWith("HTTP/1.1 429");
                }
                String answer = "";
                while (System.nanoTime() - start < 10_000_000_000L && !answer.startsWith("HTTP/1.1 200")) {
                    Thread.sleep(200);
                    try (Socket again = openStream(port, null)) {
                        answer = RawClient.readUntil(again, "\r\n\r\n");
                    }
                }
                long millis = (System.nanoTime() - start) / 1_000_000L;
                assertThat(answer).as("a new stream of the address after %d ms", millis).startsWith("HTTP/1.1 200");
                assertThat(millis).as("ms until the slot came back").isLessThan(4_000);
                // what the silent peer was sent last: the reconnect hint, then the end of the stream
                String rest = RawClient.readUntil(silent, "retry: 1000\n\n");
                assertThat(rest).contains("retry: 1000\n\n");
                assertThat(RawClient.readUntil(silent, "0\r\n\r\n")).as("the last chunk: the answer has ended")
                        .isEqualTo("\r\n0\r\n\r\n");
                // and the connection with it: kept open for a next request, it lingered until the idle timeout
                silent.setSoTimeout(2_000);
                assertThat(silent.getInputStream().read()).as("the server closes the connection").isEqualTo(-1);
                assertThat(t.server.metrics().scrape()).contains(
                        "hyperperp_stream_disconnects_total{reason=\"max_age\"} 1");
            }
        }
    }

    @Test
    void aClientReconnectingAfterTheAgeBoundResumesWithoutAGap() throws Exception {
        try (TestServer t = TestServer.start(Map.of("stream.max_age_secs", "1"))) {
            int port = t.server.uri().getPort();
            String lastId;
            try (Socket first = openStream(port, null)) {
                String seen = RawClient.readUntil(first, "retry: 1000\n\n");
                assertThat(seen).startsWith("HTTP/1.1 200").contains("event: subscribed").endsWith("retry: 1000\n\n");
                Matcher ids = Pattern.compile("\nid: ([0-9]+)\n").matcher(seen);
                lastId = null;
                while (ids.find()) {
                    lastId = ids.group(1);
                }
                assertThat(lastId).isNotNull();
            }
            // an order placed while the client is away reaches it on the resumed stream
            assertThat(t.post("/v1/orders", TestServer.order("0xa11ce", 1, "buy", "1", "100")).status())
                    .isEqualTo(200);
            try (Socket again = openStream(port, lastId)) {
                String resumed = RawClient.readUntil(again, "event: order_accepted");
                assertThat(resumed).startsWith("HTTP/1.1 200").contains("\"resumed\":true")
                        .endsWith("event: order_accepted");
            }
        }
    }

    private static Socket openStream(int port, String lastEventId) throws IOException {
        return RawClient.openStream(port, "book:1,orders:0xa11ce", lastEventId);
    }
}
