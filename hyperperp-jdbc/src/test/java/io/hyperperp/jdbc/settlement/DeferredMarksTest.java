package io.hyperperp.jdbc.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredMarksTest {

    @Test
    void foldsEachMarketsAdvancesIntoOneInTheOrderMarketsFirstCome() {
        DeferredMarks.Mark a1 = new DeferredMarks.Mark(1, new long[] {1, 3}, 3);
        DeferredMarks.Mark b1 = new DeferredMarks.Mark(2, new long[] {2}, 2);
        DeferredMarks.Mark a2 = new DeferredMarks.Mark(1, new long[] {4, 6}, 6);
        DeferredMarks.Mark c1 = new DeferredMarks.Mark(3, new long[] {5}, 5);
        List<DeferredMarks.Mark> folded = DeferredMarks.byMarket(List.of(a1, b1, a2, c1));
        assertThat(folded).extracting(DeferredMarks.Mark::marketId).containsExactly(1L, 2L, 3L);
        assertThat(folded.get(0).trades()).containsExactly(1, 3, 4, 6);
        assertThat(folded.get(0).lastTrade()).isEqualTo(6);
        assertThat(folded.get(1)).isSameAs(b1);
        assertThat(folded.get(2)).isSameAs(c1);
        assertThat(DeferredMarks.byMarket(List.of())).isEmpty();
    }
}
