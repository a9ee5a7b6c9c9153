package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream whose client closed its connection held its per-address slot until a write to it failed, one or two
 * heartbeats later (15 s each by default): a client reconnecting at once was refused 429, and one that opened and
 * dropped streams held every slot of its address. A full address now probes its streams first.
 */
class StreamDroppedClientTest {

    private static final Map<String, String> SETTINGS = Map.of("stream.max_clients_per_ip", "2",
            "stream.max_clients", "256", "stream.heartbeat_secs", "15");

    @Test
    void aClientThatDropsAndReconnectsGetsItsSlotBackAtOnce() throws Exception {
        try (TestServer t = TestServer.start(SETTINGS)) {
            int port = t.server.uri().getPort();
            List<Socket> dropped = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Socket s = openStream(port);
                assertThat(RawClient.readUntil(s, "event: subscribed")).startsWith("HTTP/1.1 200");
                dropped.add(s);
            }
            for (Socket s : dropped) {
                s.close();
            }
            // one attempt each, no retries: the two dropped streams must not hold the address's two slots
            long start = System.nanoTime();
            try (Socket again = openStream(port); Socket second = openStream(port)) {
                assertThat(RawClient.readUntil(again, "\r\n\r\n")).startsWith("HTTP/1.1 200");
                assertThat(RawClient.readUntil(second, "\r\n\r\n")).startsWith("HTTP/1.1 200");
                assertThat((System.nanoTime() - start) / 1_000_000L).isLessThan(5_000);
            }
        }
    }

    @Test
    void liveStreamsKeepTheirSlotsWhenProbed() throws Exception {
        try (TestServer t = TestServer.start(SETTINGS)) {
            int port = t.server.uri().getPort();
            try (Socket a = openStream(port); Socket b = openStream(port)) {
                assertThat(RawClient.readUntil(a, "event: subscribed")).startsWith("HTTP/1.1 200");
                assertThat(RawClient.readUntil(b, "event: subscribed")).startsWith("HTTP/1.1 200");
                try (Socket third = openStream(port)) {
                    String refused = RawClient.readUntil(third, "TOO_MANY_STREAMS");
                    assertThat(refused).startsWith("HTTP/1.1 429");
                }
                // the probe's two heartbeats reached both live streams, which are still open
                for (Socket live : List.of(a, b)) {
                    assertThat(RawClient.readUntil(live, ": heartbeat")).endsWith(": heartbeat");
                    assertThat(RawClient.readUntil(live, ": heartbeat")).endsWith(": heartbeat");
                }
                try (Socket fourth = openStream(port)) {
                    assertThat(RawClient.readUntil(fourth, "TOO_MANY_STREAMS")).startsWith("HTTP/1.1 429");
                }
            }
        }
    }

    private static Socket openStream(int port) throws IOException {
        return RawClient.openStream(port, "trades:1", null);
    }

}
