package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.order.Ids;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** close() while orders stream in: acknowledged orders are committed, the rest get 503 or no connection. */
class GracefulShutdownTest {

    @Test
    void acknowledgedOrdersSurviveShutdown() throws Exception {
        TestServer t = TestServer.start();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            int id = i;
            threads[i] = new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    try {
                        TestServer.Reply r = t.post("/v1/orders", TestServer.order("0xd" + id, 1, id % 2 == 0 ? "buy" : "sell",
                                "1.0", (id % 2 == 0 ? 90 + n % 5 : 110 + n % 5) + ".0"));
                        statuses.add(r.status());
                        if (r.status() == 200) {
                            acknowledged.add(r.json().get("order_id").asText());
                        } else {
                            assertThat(r.json().get("error").get("code").asText()).isEqualTo("SHUTTING_DOWN");
                        }
                    } catch (java.io.IOException e) {
                        return; // listener stopped
                    } catch (InterruptedException e) {
                        return;
                    }
                    n++;
                }
            });
            threads[i].start();
        }
        // Shut down once the load is really running (however slow the machine), not after a fixed time.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (acknowledged.size() < 20) {
            assertThat(System.nanoTime()).as("20 orders acknowledged within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        t.close();
        stop.set(true);
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertThat(acknowledged).isNotEmpty();
        assertThat(statuses).allMatch(s -> s == 200 || s == 503);
        assertThat(t.server.backend().runtime().isRunning()).isFalse();
        for (String id : acknowledged) {
            long n = Ids.orderNumber(UUID.fromString(id));
            assertThat(t.server.backend().orders().order(n)).as(id).isPresent();
        }
    }
}
