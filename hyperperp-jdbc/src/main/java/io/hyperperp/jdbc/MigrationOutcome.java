package io.hyperperp.jdbc;

/**
 * What the Flyway migration on start-up did.
 *
 * @param initialVersion schema version before, or {@code null} for an empty database
 * @param currentVersion schema version after
 * @param applied        number of migrations applied now (0 when the schema was already current)
 */
public record MigrationOutcome(String initialVersion, String currentVersion, int applied) {
}
