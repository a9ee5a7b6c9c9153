package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.event.RejectReason;
import org.junit.jupiter.api.Test;

/**
 * A deposit id is stored as text (PostgreSQL refuses U+0000 and unpaired surrogates in text), so a
 * deposit whose id PostgreSQL cannot store would fail its group's commit again and again and stop the
 * engine: such ids are rejected as the command is processed, like an empty one.
 */
class DepositIdTextTest extends RiskFixture {

    @Test
    void idsWithControlCharactersOrBrokenSurrogatesAreRejected() {
        for (String id : new String[] {"a\u0000b", "\u0000", "tab\there", "line\nbreak", "del\u007f",
                "c1\u0085", "lone\ud800", "\udc00lone", "swapped\udc00\ud800"}) {
            assertThat(rejection(run(new Deposit(now(), ALICE, 5, id)))).as(id).isEqualTo(RejectReason.INVALID_DEPOSIT_ID);
        }
        assertThat(engine.account(ALICE)).isEmpty();
    }

    @Test
    void idsWithFormatCharactersAreRejected() {
        // U+202E (right-to-left override) makes "0xabc\u202Efed" read "0xabcdef" in a log; zero-width characters,
        // the byte order mark, the soft hyphen and the supplementary tag characters hide in the same way
        for (String id : new String[] {"0xabc\u202efed", "\u200b", "zero\u200bwidth", "join\u200djoin",
                "bom\ufeff", "soft\u00adhyphen", "lrm\u200e", "isolate\u2066x\u2069", "tag\udb40\udc01"}) {
            assertThat(rejection(run(new Deposit(now(), ALICE, 5, id)))).as(id).isEqualTo(RejectReason.INVALID_DEPOSIT_ID);
        }
        assertThat(engine.account(ALICE)).isEmpty();
    }

    @Test
    void printableIdsOfAnyScriptAreAccepted() {
        assertThat(run(new Deposit(now(), ALICE, 5, "0x5e1f"))).isNotEmpty();
        assertThat(run(new Deposit(now(), ALICE, 5, "dépôt-été"))).isNotEmpty();
        assertThat(run(new Deposit(now(), ALICE, 5, "emoji-\ud83d\ude00"))).isNotEmpty();
        assertThat(run(new Deposit(now(), ALICE, 5, "with space"))).isNotEmpty();
        assertThat(account(ALICE).collateral()).isEqualTo(20);
    }
}
