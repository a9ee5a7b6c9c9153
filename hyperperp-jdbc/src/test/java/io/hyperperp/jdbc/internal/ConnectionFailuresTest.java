package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ConnectionFailuresTest {

    private static final PostgresUrl URL = PostgresUrl.parse("postgresql://app:pw-Secret9@db.example/hp");

    @Test
    void unknownHostNamesTheHostAndTheCause() {
        SQLException failure = new SQLException("The connection attempt failed.", "08001",
                new UnknownHostException("db.example"));
        assertThat(ConnectionFailures.describe(URL, new RuntimeException("pool init", failure)))
                .isEqualTo("Cannot connect to PostgreSQL at db.example:5432 (database 'hp', user 'app'):"
                        + " The connection attempt failed. [UnknownHostException: db.example]"
                        + " (unknown host: check the host name in the database URL)");
    }

    @Test
    void wrongPasswordGetsAHintAndTheSecretIsScrubbedEvenIfEchoed() {
        SQLException failure = new SQLException("FATAL: password authentication failed (pw-Secret9)", "28P01");
        assertThat(ConnectionFailures.describe(URL, failure))
                .contains("password authentication failed (***)", "check the user name and password")
                .doesNotContain("pw-Secret9");
    }
}
