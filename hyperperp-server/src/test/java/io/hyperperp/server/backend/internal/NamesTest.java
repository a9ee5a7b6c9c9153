package io.hyperperp.server.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void aNameKeepsItsNumberWhicheverStringSpellsItAndInWhateverOrderNamesCome() {
        Names names = new Names();
        Map<String, Integer> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(15);
        String[] same = new String[6]; // one string per name, reused as a command's events reuse theirs
        for (int i = 0; i < same.length; i++) {
            same[i] = "0x" + "ab".repeat(20) + i;
        }
        for (int step = 0; step < 20_000; step++) {
            int which = random.nextInt(same.length);
            // the same string again, or an equal one made anew (a later request's), or the earlier of two in a row
            String name = switch (random.nextInt(3)) {
                case 0 -> same[which];
                case 1 -> new String(same[which]);
                default -> same[(which + 1) % same.length];
            };
            int number = names.number(name);
            Integer first = expected.putIfAbsent(name, expected.size());
            assertThat(number).as("step %d, %s", step, name).isEqualTo(first == null ? expected.get(name) : first);
            assertThat(names.name(number)).isEqualTo(name);
            assertThat(names.find(new String(name))).isEqualTo(number);
        }
        assertThat(expected).hasSize(same.length);
    }

    @Test
    void namesAlternatingAsATakerAndItsMakersDoAreNumberedOnceEach() {
        Names names = new Names();
        String taker = "0x" + "1".repeat(40);
        String maker = "0x" + "2".repeat(40);
        String other = "0x" + "3".repeat(40);

        assertThat(names.number(taker)).isZero();
        assertThat(names.number(maker)).isEqualTo(1);
        assertThat(names.number(taker)).isZero();
        assertThat(names.number(maker)).isEqualTo(1);
        assertThat(names.number(other)).isEqualTo(2);
        assertThat(names.number(taker)).isZero();
        assertThat(names.number(other)).isEqualTo(2);
        assertThat(names.number(maker)).isEqualTo(1);
        assertThat(names.find("0x" + "4".repeat(40))).isEqualTo(-1);
    }
}
