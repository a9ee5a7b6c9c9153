package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PackedKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientIdIndexTest {

    private static final int USER = 7;

    @Test
    void theSameIdOfTwoUsersNamesTwoOrders() {
        ClientIdIndex index = new ClientIdIndex();
        Order mine = new Order();
        Order theirs = new Order();
        index.put(1, "42", 10, mine);
        index.put(2, "42", 20, theirs);
        index.put(1, "a-long-client-order-id-of-30ch", 11, null);
        index.put(2, "a-long-client-order-id-of-30ch", 21, null);
        assertThat(index.order(1, "42")).isSameAs(mine);
        assertThat(index.order(2, "42")).isSameAs(theirs);
        assertThat(index.get(3, "42")).isZero();
        assertThat(index.get(2, "a-long-client-order-id-of-30ch")).isEqualTo(21);
        index.remove(1, "42");
        assertThat(index.get(1, "42")).isZero();
        assertThat(index.get(2, "42")).isEqualTo(20);
    }

    @Test
    void removesAnOrderFoundByALookupOrByItsId() {
        ClientIdIndex index = new ClientIdIndex();
        Order[] orders = new Order[200];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = new Order();
            orders[i].clientOrderId = "c" + i;
            orders[i].clientIdHash = index.put(i % 5, orders[i].clientOrderId, i + 1, orders[i]);
        }
        for (int i = 0; i < orders.length; i += 2) {
            // even: looked up first (removed from the slot found); odd below: removed cold, by id
            assertThat(index.order(i % 5, "c" + i)).isSameAs(orders[i]);
            index.remove(i % 5, orders[i]);
        }
        for (int i = 1; i < orders.length; i += 2) {
            index.remove(i % 5, orders[i]);
        }
        for (int i = 0; i < orders.length; i++) {
            assertThat(index.get(i % 5, "c" + i)).as("c" + i).isZero();
        }
    }

    @Test
    void tellsApartIdsWithTheSameHashCodeWhetherPackedOrNot() {
        // "Aa" and "BB" share a hash code, as do the longer ids built from them.
        String longA = "Aa".repeat(10);
        String longB = "BB".repeat(10);
        assertThat(longA.hashCode()).isEqualTo(longB.hashCode());
        ClientIdIndex index = new ClientIdIndex();
        Order a = new Order();
        index.put(USER, "Aa", 1, a);
        index.put(USER, "BB", 2, null);
        index.put(USER, longA, 3, null);
        index.put(USER, longB, 4, a);
        assertThat(index.get(USER, "Aa")).isEqualTo(1);
        assertThat(index.order(USER, "Aa")).isSameAs(a);
        assertThat(index.get(USER, "BB")).isEqualTo(2);
        assertThat(index.order(USER, "BB")).isNull();
        assertThat(index.get(USER, new String(longA))).isEqualTo(3);
        assertThat(index.get(USER, longB)).isEqualTo(4);
        assertThat(index.get(USER, "Ab")).isZero();
        index.remove(USER, "Aa");
        assertThat(index.get(USER, "Aa")).isZero();
        assertThat(index.get(USER, "BB")).isEqualTo(2);
    }

    @Test
    void packedIdsDifferingOnlyInLengthOrWideCharactersStayApart() {
        ClientIdIndex index = new ClientIdIndex();
        index.put(USER, "1", 1, null);
        index.put(USER, "1\0", 2, null);
        index.put(USER, "\u0101", 3, null); // not Latin-1: compared as a string
        index.put(USER, "\u0001", 4, null);
        index.put(USER, "123456789012345", 5, null); // 15 characters: packed
        index.put(USER, "1234567890123456", 6, null); // 16: not packed
        assertThat(index.get(USER, "1")).isEqualTo(1);
        assertThat(index.get(USER, "1\0")).isEqualTo(2);
        assertThat(index.get(USER, "\u0101")).isEqualTo(3);
        assertThat(index.get(USER, "\u0001")).isEqualTo(4);
        assertThat(index.get(USER, "123456789012345")).isEqualTo(5);
        assertThat(index.get(USER, "1234567890123456")).isEqualTo(6);
        assertThat(index.get(USER, "12345678901234")).isZero();
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
                index.put(USER, key, id, null);
                reference.put(key, id);
            } else {
                index.remove(USER, key);
                reference.remove(key);
            }
            String probe = random.nextBoolean() ? key : Integer.toString(random.nextInt(3_000));
            assertThat(index.get(USER, probe)).isEqualTo(reference.getOrDefault(probe, 0L));
            if (step % 1_000 == 0) {
                // only the long (unpacked) ids are held as strings, and none is kept once removed or shifted away
                assertThat(index.unpackedKeysHeld()).as("step " + step)
                        .isEqualTo(reference.keySet().stream().filter(k -> k.length() > 15).count());
            }
        }
        reference.forEach((key, id) -> assertThat(index.get(USER, key)).isEqualTo(id));
    }

    /**
     * A placement checks its id, then (maybe after other lookups, removals and inserts: a match's
     * fills, another user's ids) adds it with {@link ClientIdIndex#putAbsent}: every id stays findable
     * and removable, whether the insert took the slot its check stopped at or probed again.
     */
    @Test
    void anInsertAfterItsCheckAgreesWithAHashMapWhateverHappenedBetween() {
        Random random = new Random(11);
        ClientIdIndex index = new ClientIdIndex();
        Map<String, Long> reference = new HashMap<>();
        PackedKey packed = new PackedKey();
        for (int step = 0; step < 100_000; step++) {
            int user = random.nextInt(3);
            String key = user + ":" + (random.nextInt(8) == 0 ? "a-long-client-order-id-" : "") + random.nextInt(2_000);
            String id = key.substring(2);
            if (reference.containsKey(key)) {
                index.remove(user, id);
                reference.remove(key);
                continue;
            }
            assertThat(index.get(user, id)).isZero(); // the placement's check, which leaves its slot
            switch (random.nextInt(4)) {
                case 0 -> { } // nothing between: the insert takes the slot the check stopped at
                case 1 -> index.get(random.nextInt(3), Integer.toString(random.nextInt(2_000))); // another lookup
                case 2 -> { // a filled maker's id removed
                    String other = random.nextInt(3) + ":" + random.nextInt(2_000);
                    if (reference.containsKey(other)) {
                        index.remove(other.charAt(0) - '0', other.substring(2));
                        reference.remove(other);
                    }
                }
                default -> { // another id added
                    String other = user + ":x" + step;
                    index.put(user, other.substring(2), -step, null);
                    reference.put(other, (long) -step);
                }
            }
            packed.pack(id);
            index.putAbsent(user, packed.high, packed.low, packed.hash, id, step + 1, null);
            reference.put(key, step + 1L);
            if (step % 997 == 0) {
                reference.forEach((k, v) -> assertThat(index.get(k.charAt(0) - '0', k.substring(2))).as(k).isEqualTo(v));
            }
        }
        reference.forEach((k, v) -> assertThat(index.get(k.charAt(0) - '0', k.substring(2))).as(k).isEqualTo(v));
        reference.keySet().forEach(k -> index.remove(k.charAt(0) - '0', k.substring(2)));
        reference.keySet().forEach(k -> assertThat(index.get(k.charAt(0) - '0', k.substring(2))).as(k).isZero());
        assertThat(index.unpackedKeysHeld()).isZero();
    }

    /**
     * Long ids made of "Aa" and "BB" share their hash, so one user's all probe the same slots: a
     * removal in that run between a check and its insert moves the run's end, and the insert must
     * not take the slot the check stopped at.
     */
    @Test
    void anInsertAfterARemovalOnItsProbePathIsStillFound() {
        String[] ids = new String[6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "Aa".repeat(8) + (i % 2 == 0 ? "Aa" : "BB") + (i / 2 % 2 == 0 ? "Aa" : "BB") + (i < 4 ? "Aa" : "BB");
            assertThat(ids[i].hashCode()).isEqualTo(ids[0].hashCode());
        }
        ClientIdIndex index = new ClientIdIndex();
        PackedKey packed = new PackedKey();
        for (int i = 0; i < 4; i++) {
            index.put(USER, ids[i], i + 1, null);
        }
        assertThat(index.get(USER, ids[4])).isZero(); // stops past the four
        index.remove(USER, ids[0]); // the run is one shorter
        packed.pack(ids[4]);
        index.putAbsent(USER, packed.high, packed.low, packed.hash, ids[4], 5, null);
        assertThat(index.get(USER, ids[4])).isEqualTo(5);
        assertThat(index.get(USER, ids[5])).isZero(); // stops past the four left and the new one
        packed.pack(ids[5]);
        index.putAbsent(USER, packed.high, packed.low, packed.hash, ids[5], 6, null); // its check's slot
        for (int i = 1; i < ids.length; i++) {
            assertThat(index.get(USER, ids[i])).as(ids[i]).isEqualTo(i + 1);
        }
        assertThat(index.get(USER, ids[0])).isZero();
    }
}
