package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PackedKey;
import org.junit.jupiter.api.Test;

class UserAccountTest {

    private static UserAccount user() {
        PackedKey key = new PackedKey();
        key.pack("0xa11ce");
        return new UserAccount("0xa11ce", key, 0, new ClientIdIndex());
    }

    @Test
    void countsThePositionsPastHalfTheRangeEitherWayAsTheyComeAndGo() {
        UserAccount user = user();
        long half = UserAccount.SMALL_POSITION;
        user.setPosition(1, 0, half);
        assertThat(user.largePositions).isZero();
        user.setPosition(1, half, half + 1);
        user.setPosition(2, 0, -half - 1);
        assertThat(user.largePositions).isEqualTo(2);
        user.setPosition(2, -half - 1, Long.MIN_VALUE + 1);
        assertThat(user.largePositions).isEqualTo(2);
        user.setPosition(1, half + 1, 0);
        assertThat(user.largePositions).isEqualTo(1);
        user.setPosition(2, Long.MIN_VALUE + 1, -half);
        assertThat(user.largePositions).isZero();
        assertThat(user.position(1)).isZero();
        assertThat(user.position(2)).isEqualTo(-half);
    }
}
