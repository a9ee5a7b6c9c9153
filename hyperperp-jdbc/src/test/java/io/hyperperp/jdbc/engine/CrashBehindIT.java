package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CrashIT} with the tables written behind the log: after each SIGKILL the log holds every acknowledged
 * command and the tables are the replay of the log up to their watermark; each start replays the rest into them.
 * Some kills must land with the tables behind (a 100 ms batch is open most of the time under this load).
 */
@ExtendWith(FreshDatabase.class)
class CrashBehindIT {

    @Test
    void killedEngineLosesNothingAcknowledgedWithTheTablesBehind(DatabaseConfig config) throws Exception {
        int behind = CrashIT.run(config, TablesMode.BEHIND, 6);
        assertThat(behind).as("kills that left the tables behind the log").isPositive();
    }
}
