package io.hyperperp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryProbeTest {

    @Test
    void chasesOneCycleThroughEverySlot() {
        // a cycle shorter than the array would leave most of the 512 KB out of the reading
        assertEquals(1 << 17, new MemoryProbe().cycleLength());
    }

    @Test
    void readsAPositiveTimeALoad() {
        double nanos = new MemoryProbe().median(3);
        assertTrue(nanos > 0 && nanos < 10_000, "ns a load: " + nanos);
    }

    @Test
    void namesTheSlowModeByTheProbe() {
        assertTrue(SlowMode.describe(21e6, 7.4).contains("SLOW MODE"));
        assertFalse(SlowMode.describe(12e6, 4.6).contains("SLOW MODE"));
        assertTrue(SlowMode.describe(12e6, 4.6).contains("below 15 M/s"));
    }
}
