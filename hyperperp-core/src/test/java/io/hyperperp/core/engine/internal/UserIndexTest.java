package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserIndexTest {

    @Test
    void findsShortLongAndWideAddressesThroughGrowthAndTellsApartEqualHashes() {
        UserIndex index = new UserIndex(new ClientIdIndex());
        Map<String, UserAccount> reference = new HashMap<>();
        String[] special = {"Aa", "BB", "Aa".repeat(10), "BB".repeat(10), "0x1", "0x1\0", "\u0101x", "",
                "0x" + "ab".repeat(32)};
        assertThat("Aa".repeat(10).hashCode()).isEqualTo("BB".repeat(10).hashCode());
        for (String address : special) {
            assertThat(index.get(address)).isNull();
            reference.put(address, index.create(address));
        }
        for (int i = 0; i < 5_000; i++) {
            String address = i % 2 == 0 ? "0x" + Integer.toHexString(i) : "0x" + "0".repeat(50) + i;
            assertThat(index.get(address)).isNull();
            reference.put(address, index.create(address));
        }
        // Lookups with equal but distinct strings, as every command brings its own.
        reference.forEach((address, user) -> {
            assertThat(index.get(new String(address))).isSameAs(user);
            assertThat(user.address()).isEqualTo(address);
        });
        assertThat(index.get("0x" + Integer.toHexString(5_001))).isNull();
        assertThat(index.get("0x1\0\0")).isNull();
    }

    /** Every user is found after each creation, in whichever table it is while a growth copies the old one. */
    @Test
    void findsEveryUserWhileAGrowthIsCopiedAndWalksThemInOrderOfCreation() {
        UserIndex index = new UserIndex(new ClientIdIndex());
        List<UserAccount> created = new ArrayList<>();
        int copyingSeen = 0;
        for (int i = 0; i < 3_000; i++) {
            String address = "0x" + Integer.toHexString(i * 7919);
            assertThat(index.get(address)).isNull();
            created.add(index.create(address));
            if (index.copying()) {
                copyingSeen++;
                for (UserAccount user : created) {
                    assertThat(index.get(new String(user.address()))).isSameAs(user);
                }
            }
        }
        assertThat(copyingSeen).as("creations made while a copy was under way").isGreaterThan(100);
        for (UserAccount user : created) {
            assertThat(index.get(user.address())).isSameAs(user);
        }
        List<UserAccount> walked = new ArrayList<>();
        index.forEach(walked::add);
        assertThat(walked).containsExactlyElementsOf(created);
        assertThat(index.size()).isEqualTo(created.size());
        for (int id = 0; id < created.size(); id++) {
            assertThat(index.byId(id)).isSameAs(created.get(id));
        }
    }
}
