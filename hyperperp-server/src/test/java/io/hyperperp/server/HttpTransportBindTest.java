package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.server.http.HttpTransport;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class HttpTransportBindTest {

    @Test
    void aPortInUseIsNamedInTheError() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket taken = new ServerSocket(0, 1, loopback)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> HttpTransport.start(new InetSocketAddress(loopback, port), 1000, 1024,
                    exchange -> exchange.close()))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(":" + port);
        }
    }
}
