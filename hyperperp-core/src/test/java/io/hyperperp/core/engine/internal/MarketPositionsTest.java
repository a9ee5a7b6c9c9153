package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MarketPositionsTest {

    @Test
    void agreesWithAMapWhateverMarketComesFirst() {
        Random random = new Random(23);
        for (int round = 0; round < 50; round++) {
            MarketPositions positions = new MarketPositions();
            Map<Long, Long> reference = new HashMap<>();
            for (int step = 0; step < 200; step++) {
                long market = random.nextInt(6); // 0 and 1 included: a primitive map's sentinel keys
                long size = random.nextInt(3) == 0 ? 0 : random.nextLong();
                positions.put(market, size);
                reference.put(market, size);
                long probe = random.nextInt(8);
                assertThat(positions.get(probe)).isEqualTo(reference.getOrDefault(probe, 0L));
                assertThat(positions.containsKey(probe)).isEqualTo(reference.containsKey(probe));
            }
            Map<Long, Long> seen = new HashMap<>();
            positions.forEachKeyValue((market, size) -> assertThat(seen.put(market, size)).isNull());
            assertThat(seen).isEqualTo(reference);
        }
    }

    @Test
    void anEmptyUserHasNoPositions() {
        MarketPositions positions = new MarketPositions();
        assertThat(positions.get(1)).isZero();
        assertThat(positions.containsKey(1)).isFalse();
        positions.forEachKeyValue((market, size) -> {
            throw new AssertionError("no market was set");
        });
    }
}
