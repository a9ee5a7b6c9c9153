package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.jdbc.DatabaseException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The diagnostic extra settings of the embedded server: parsed in order, durability settings refused. */
class EmbeddedServerSettingsTest {

    @Test
    void parsesEntriesInOrderAndIgnoresBlankOnes() {
        assertThat(EmbeddedServer.extraSettings("shared_preload_libraries=pg_stat_statements; ;"
                + " pg_stat_statements.track = all;"))
                .containsExactly(Map.entry("shared_preload_libraries", "pg_stat_statements"),
                        Map.entry("pg_stat_statements.track", "all"));
        assertThat(EmbeddedServer.extraSettings("")).isEmpty();
    }

    @Test
    void refusesMalformedEntriesAndDurabilitySettings() {
        assertThatThrownBy(() -> EmbeddedServer.extraSettings("no_value"))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("expected name=value");
        assertThatThrownBy(() -> EmbeddedServer.extraSettings("x=1; -c fsync=off"))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("'-c fsync=off'");
        for (String durability : new String[] {"fsync=off", "synchronous_commit=off", "full_page_writes = off"}) {
            assertThatThrownBy(() -> EmbeddedServer.extraSettings(durability))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("cannot be changed (durability)");
        }
    }
}
