package io.hyperperp.jdbc.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Runs {@link DurableThroughputBench} when {@code -Dhyperperp.bench=true}; it asserts nothing. */
@EnabledIfSystemProperty(named = "hyperperp.bench", matches = "true")
class DurableThroughputIT {

    @Test
    void durableThroughput() throws Exception {
        System.out.println("DURABLE THROUGHPUT: " + DurableThroughputBench.run());
    }
}
