package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.PackedKey;
import org.junit.jupiter.api.Test;

/** A user number is trusted only with the intake that gave it: the one remembered last. */
class UserNumbersTest {

    private static UserAccount user(String address, int id) {
        PackedKey key = new PackedKey();
        key.pack(address);
        return new UserAccount(address, key, id, new ClientIdIndex());
    }

    @Test
    void aNumberIsTrustedOnlyWithItsIntake() {
        UserNumbers numbers = new UserNumbers();
        CommandIntake first = new CommandIntake();
        CommandIntake second = new CommandIntake();
        UserAccount alice = user("0xa11ce", 7);

        numbers.remember(3, first, alice);

        assertThat(numbers.isNumbered(3, first)).isTrue();
        assertThat(numbers.user(3)).isSameAs(alice);
        assertThat(numbers.id(3)).isEqualTo(7);
        assertThat(numbers.isNumbered(3, second)).as("the same number from another intake").isFalse();
        assertThat(numbers.isNumbered(4, first)).as("a number never remembered").isFalse();
        assertThat(numbers.isNumbered(3, null)).as("no intake").isFalse();
        assertThat(numbers.isNumbered(-1, first)).as("no number").isFalse();

        numbers.remember(1_000, first, alice);
        assertThat(numbers.isNumbered(1_000, first)).as("beyond the first array").isTrue();
        assertThat(numbers.isNumbered(999, first)).isFalse();
    }

    @Test
    void anotherIntakesNumberForgetsTheFirstIntakesNumbers() {
        UserNumbers numbers = new UserNumbers();
        CommandIntake first = new CommandIntake();
        CommandIntake second = new CommandIntake();
        UserAccount alice = user("0xa11ce", 1);
        UserAccount bob = user("0xb0b", 2);
        numbers.remember(0, first, alice);
        numbers.remember(1, first, bob);

        numbers.remember(0, second, bob);

        assertThat(numbers.isNumbered(0, second)).isTrue();
        assertThat(numbers.user(0)).isSameAs(bob);
        assertThat(numbers.isNumbered(0, first)).isFalse();
        assertThat(numbers.isNumbered(1, first)).isFalse();
        assertThat(numbers.isNumbered(1, second)).as("bob's number with the first intake is gone").isFalse();
    }

    @Test
    void aNumberWithoutAnIntakeIsNotRemembered() {
        UserNumbers numbers = new UserNumbers();
        CommandIntake intake = new CommandIntake();
        numbers.remember(2, intake, user("0xa11ce", 1));

        numbers.remember(5, null, user("0xb0b", 2));

        assertThat(numbers.isNumbered(2, intake)).as("the intake's numbers are kept").isTrue();
        assertThat(numbers.isNumbered(5, intake)).isFalse();
    }
}
