package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.FlatCommand;
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
     * The placement's check (the first four slots tested at once) agrees with the plain lookup and
     * with a HashMap, on runs of one probe path (long ids of "Aa" and "BB" share their hash, so one
     * user's fill the slots after one start) as long as eight, and on random ids as the table grows.
     */
    @Test
    void thePlacementsCheckAgreesWithTheLookupOnLongRunsAndRandomIds() {
        ClientIdIndex index = new ClientIdIndex();
        Map<String, Long> reference = new HashMap<>();
        PackedKey packed = new PackedKey();
        String[] sameHash = sameHashIds();
        Random random = new Random(5);
        for (int step = 0; step < 20_000; step++) {
            String key = step % 3 == 0 ? sameHash[random.nextInt(8)] // up to eight on one path
                    : Integer.toString(random.nextInt(1_500));
            int user = step % 3 == 0 ? USER : random.nextInt(3);
            if (reference.containsKey(user + ":" + key) && random.nextBoolean()) {
                index.remove(user, key);
                reference.remove(user + ":" + key);
            } else if (!reference.containsKey(user + ":" + key)) {
                index.put(user, key, step + 1, null);
                reference.put(user + ":" + key, step + 1L);
            }
            for (String probe : new String[] {key, sameHash[random.nextInt(16)], Integer.toString(random.nextInt(1_500))}) {
                for (int owner : new int[] {user, USER}) {
                    packed.pack(probe);
                    long expected = reference.getOrDefault(owner + ":" + probe, 0L);
                    assertThat(index.get(owner, packed.high, packed.low, packed.hash, probe)).as(probe).isEqualTo(expected);
                    assertThat(index.get(owner, probe)).as(probe).isEqualTo(expected);
                }
            }
        }
    }

    /**
     * A cancel's lookup by client id (the first four tags compared at once) and a maker's removal by
     * the order itself (the first four slots' orders compared at once) agree with a HashMap, on runs
     * of one probe path as long as eight (ids of "Aa" and "BB" share their hash) and on random ids as
     * the table grows; removals alternate between right after a lookup of the order and cold.
     */
    @Test
    void theCancelsLookupAndTheMakersRemovalAgreeWithAHashMapOnLongRuns() {
        ClientIdIndex index = new ClientIdIndex();
        Map<String, Order> reference = new HashMap<>();
        String[] sameHash = sameHashIds();
        Random random = new Random(11);
        for (int step = 0; step < 20_000; step++) {
            String key = step % 3 == 0 ? sameHash[random.nextInt(8)] : Integer.toString(random.nextInt(1_500));
            int user = step % 3 == 0 ? USER : random.nextInt(3);
            Order held = reference.get(user + ":" + key);
            if (held != null && random.nextBoolean()) {
                if (random.nextBoolean()) {
                    assertThat(index.order(user, cancel(key))).isSameAs(held); // removed from the slot found
                } else {
                    index.order(USER, cancel("not-held")); // cold: removed by probing for the order
                }
                index.remove(user, held);
                reference.remove(user + ":" + key);
            } else if (held == null) {
                Order order = new Order();
                order.clientOrderId = key;
                order.clientIdHash = index.put(user, key, step + 1, order);
                reference.put(user + ":" + key, order);
            }
            for (String probe : new String[] {key, sameHash[random.nextInt(16)], Integer.toString(random.nextInt(1_500))}) {
                for (int owner : new int[] {user, USER}) {
                    Order expected = reference.get(owner + ":" + probe);
                    assertThat(index.order(owner, cancel(probe))).as(probe).isSameAs(expected);
                    assertThat(index.order(owner, probe)).as(probe).isSameAs(expected);
                }
            }
        }
        for (String entry : reference.keySet()) {
            int colon = entry.indexOf(':');
            assertThat(index.get(Integer.parseInt(entry.substring(0, colon)), entry.substring(colon + 1))).isPositive();
        }
    }

    private static FlatCommand cancel(String clientOrderId) {
        return FlatCommand.of(new CancelOrder(1, "0x1", 1, CancelOrder.NO_ORDER_ID, clientOrderId));
    }

    /** Sixteen ids of "Aa" and "BB" blocks, which share one {@code String.hashCode}: one user's fill one probe path. */
    private static String[] sameHashIds() {
        String[] ids = new String[16];
        for (int i = 0; i < ids.length; i++) {
            StringBuilder id = new StringBuilder("Aa".repeat(6));
            for (int bit = 0; bit < 4; bit++) {
                id.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids[i] = id.toString();
            assertThat(ids[i].hashCode()).isEqualTo(ids[0].hashCode());
        }
        return ids;
    }
}
