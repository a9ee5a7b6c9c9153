package io.hyperperp.jdbc.internal;

import io.hyperperp.jdbc.DatabaseException;
import io.hyperperp.jdbc.MigrationOutcome;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the Flyway migrations in {@code classpath:db/migration}. Not API. */
public final class Migrations {

    /** Where the SQL migrations live on the classpath. */
    public static final String LOCATION = "classpath:db/migration";

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * @param dataSource target database
     * @param where      description of the target for messages (no secrets)
     * @return what was applied
     * @throws DatabaseException when a migration fails or the schema history does not match the migrations
     */
    public static MigrationOutcome migrate(DataSource dataSource, String where) {
        long start = System.nanoTime();
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
            MigrationOutcome outcome = new MigrationOutcome(
                    result.initialSchemaVersion,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
            LOG.info("Database schema at version {} ({} migration(s) applied in {} ms)",
                    outcome.currentVersion(), outcome.applied(), (System.nanoTime() - start) / 1_000_000);
            return outcome;
        } catch (FlywayException e) {
            throw new DatabaseException("Database migration failed on " + where + ": " + e.getMessage(), e);
        }
    }
}
