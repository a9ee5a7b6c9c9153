package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientIdIndexTest {

    @Test
    void tellsApartIdsWithTheSameHashCodeWhetherPackedOrNot() {
        // "Aa" and "BB" share a hash code, as do the longer ids built from them.
        String longA = "Aa".repeat(10);
        String longB = "BB".repeat(10);
        assertThat(longA.hashCode()).isEqualTo(longB.hashCode());
        ClientIdIndex index = new ClientIdIndex();
        Order a = new Order();
        index.put("Aa", 1, a);
        index.put("BB", 2, null);
        index.put(longA, 3, null);
        index.put(longB, 4, a);
        assertThat(index.get("Aa")).isEqualTo(1);
        assertThat(index.order("Aa")).isSameAs(a);
        assertThat(index.get("BB")).isEqualTo(2);
        assertThat(index.order("BB")).isNull();
        assertThat(index.get(new String(longA))).isEqualTo(3);
        assertThat(index.get(longB)).isEqualTo(4);
        assertThat(index.get("Ab")).isZero();
        index.remove("Aa");
        assertThat(index.get("Aa")).isZero();
        assertThat(index.get("BB")).isEqualTo(2);
    }

    @Test
    void packedIdsDifferingOnlyInLengthOrWideCharactersStayApart() {
        ClientIdIndex index = new ClientIdIndex();
        index.put("1", 1, null);
        index.put("1\0", 2, null);
        index.put("\u0101", 3, null); // not Latin-1: compared as a string
        index.put("\u0001", 4, null);
        index.put("123456789012345", 5, null); // 15 characters: packed
        index.put("1234567890123456", 6, null); // 16: not packed
        assertThat(index.get("1")).isEqualTo(1);
        assertThat(index.get("1\0")).isEqualTo(2);
        assertThat(index.get("\u0101")).isEqualTo(3);
        assertThat(index.get("\u0001")).isEqualTo(4);
        assertThat(index.get("123456789012345")).isEqualTo(5);
        assertThat(index.get("1234567890123456")).isEqualTo(6);
        assertThat(index.get("12345678901234")).isZero();
    }

    @Test
    void agreesWithAHashMapUnderRandomPutsAndRemoves() {
        Random random = new Random(7);
        ClientIdIndex index = new ClientIdIndex();
        Map<String, Long> reference = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            String key = random.nextInt(4) == 0 ? "order-with-a-long-client-id-" + random.nextInt(3_000)
                    : Integer.toString(random.nextInt(3_000));
            if (random.nextBoolean()) {
                long id = step + 1;
                index.put(key, id, null);
                reference.put(key, id);
            } else {
                index.remove(key);
                reference.remove(key);
            }
            String probe = random.nextBoolean() ? key : Integer.toString(random.nextInt(3_000));
            assertThat(index.get(probe)).isEqualTo(reference.getOrDefault(probe, 0L));
        }
        reference.forEach((key, id) -> assertThat(index.get(key)).isEqualTo(id));
    }
}
