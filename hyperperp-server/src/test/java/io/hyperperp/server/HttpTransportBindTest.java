package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.server.http.HttpTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The transport binds apart from starting: its owner stores it before the first request can run
 * (a request arriving as the port opened met the dispatcher's transport field still null).
 */
class HttpTransportBindTest {

    @Test
    void aPortInUseIsNamedInTheError() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket taken = new ServerSocket(0, 1, loopback)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> HttpTransport.bind(new InetSocketAddress(loopback, port), 1000, 1024,
                    exchange -> exchange.close()))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(":" + port);
        }
    }

    @Test
    void aBoundTransportAnswersNothingUntilStarted() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        HttpTransport transport = HttpTransport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                1000, 1024, exchange -> {
                    handled.incrementAndGet();
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), transport.port())) {
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            assertThat(handled).hasValue(0);
            // The connection made before the start waits in the backlog and is answered once started.
            transport.start();
            socket.setSoTimeout(10_000);
            byte[] head = new byte[12];
            int n = in.readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 204");
            assertThat(handled).hasValue(1);
        } finally {
            transport.close();
        }
    }
}
