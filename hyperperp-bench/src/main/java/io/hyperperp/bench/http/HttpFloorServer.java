package io.hyperperp.bench.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor of the HTTP benchmark: the JDK's {@code HttpServer}, configured as HyperPerp's server
 * (TCP_NODELAY, a virtual thread per exchange), answering every request with a fixed order response and doing
 * nothing else. Point {@code hyperperp bench --http} at it to see what the server framework and the
 * load generator alone cost on a machine: the CPU per request and the throughput and latency that
 * no real handler can beat there.
 *
 * <pre>
 * java -cp hyperperp-bench/target/benchmarks.jar io.hyperperp.bench.http.HttpFloorServer 8099
 * </pre>
 *
 * <p>A second argument N runs the exchanges on a fixed pool of N platform threads instead (how
 * HyperPerp ran them before it moved to virtual threads).
 */
public final class HttpFloorServer {

    /** About the size of a real {@code POST /v1/orders} answer for a resting limit order. */
    private static final byte[] RESPONSE = ("{\"order\":{\"id\":\"48595045-0001-8000-8000-0000000aae61\","
            + "\"user_address\":\"0xb00b\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"limit\","
            + "\"size\":\"1.00000000\",\"price\":\"29997.00000000\",\"filled_size\":\"0.00000000\","
            + "\"status\":\"pending\",\"time_in_force\":\"gtc\",\"client_order_id\":null,\"reduce_only\":false,"
            + "\"created_at\":\"2026-11-24T15:25:14.286026Z\",\"updated_at\":\"2026-11-24T15:25:14.286026Z\"},"
            + "\"fills\":[]}").getBytes(StandardCharsets.UTF_8);

    private HttpFloorServer() {
    }

    /**
     * Starts the server until the process is stopped.
     *
     * @param args port (default 8099), optionally a fixed number of platform worker threads
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8099;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, RESPONSE.length);
            exchange.getResponseBody().write(RESPONSE);
            exchange.close();
        });
        ExecutorService workers = threads > 0 ? Executors.newFixedThreadPool(threads)
                : Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(workers);
        server.start();
        System.out.println("HTTP floor server on http://127.0.0.1:" + port + " with "
                + (threads > 0 ? threads + " platform workers" : "a virtual thread per exchange"));
    }
}
