package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Embedded mode with a persistent data directory under {@code target/}. */
class EmbeddedModeIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedModeIT.class);

    static Path newDataDirectory() {
        return Path.of("target", "embedded-it", UUID.randomUUID().toString());
    }

    /** Removes a data directory once its test passed (each is about 50 MB); failed ones stay for inspection. */
    static void deleteDataDirectory(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The versioned migration scripts the module ships: a new database applies every one of them. */
    static int migrationScripts() throws IOException {
        return migrationVersions().size();
    }

    /** The versions of the shipped migration scripts, in order. */
    static List<Integer> migrationVersions() throws IOException {
        // Maven runs tests in the module's directory; failsafe puts the classes in a jar, so read the sources.
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .sorted()
                    .toList();
        }
    }

    /** The newest shipped migration version, as Flyway names it. */
    static String latestMigration() throws IOException {
        List<Integer> versions = migrationVersions();
        return Integer.toString(versions.get(versions.size() - 1));
    }

    static List<String> symbols(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT symbol FROM markets ORDER BY market_id")
                .mapTo(String.class).list());
    }

    @Test
    void dataSurvivesRestart() throws IOException {
        Path dir = newDataDirectory();
        DatabaseConfig config = DatabaseConfig.embedded(dir);

        long t0 = System.nanoTime();
        MigrationOutcome created;
        try (Database db = Database.start(config)) {
            long first = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("First embedded start (initdb + migrate) took {} ms", first);
            assertThat(db.isEmbedded()).isTrue();
            created = db.migrationOutcome();
            assertThat(created.applied()).isEqualTo(migrationScripts());
            db.jdbi().useHandle(h -> h.execute("INSERT INTO markets (market_id, symbol, price_decimals,"
                    + " size_decimals, spec) VALUES (1, 'ETH-PERP', 2, 4, '{\"tick\": 1}')"));
        }
        assertThat(dir.resolve("PG_VERSION")).exists();
        assertThat(dir.resolve("postmaster.pid")).doesNotExist();

        long t1 = System.nanoTime();
        try (Database db = Database.start(config)) {
            LOG.info("Embedded restart on existing data took {} ms", (System.nanoTime() - t1) / 1_000_000);
            assertThat(db.migrationOutcome()).isEqualTo(
                    new MigrationOutcome(created.currentVersion(), created.currentVersion(), 0));
            assertThat(symbols(db.jdbi())).containsExactly("ETH-PERP");
            db.jdbi().useHandle(h -> {
                assertThat(h.createQuery("SHOW fsync").mapTo(String.class).one()).isEqualTo("on");
                assertThat(h.createQuery("SHOW synchronous_commit").mapTo(String.class).one()).isEqualTo("on");
                // WAL segments are kept for reuse, so a burst does not create zero-filled ones (docs/persistence.md).
                assertThat(h.createQuery("SHOW min_wal_size").mapTo(String.class).one()).isEqualTo("1GB");
            });
        }
        deleteDataDirectory(dir);
    }

    @Test
    void secondInstanceOnTheSameDirectoryIsRefusedClearly() throws IOException {
        Path dir = newDataDirectory();
        try (Database db = Database.start(DatabaseConfig.embedded(dir))) {
            assertThatThrownBy(() -> Database.start(DatabaseConfig.embedded(dir)))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("is in use by");
            assertThat(symbols(db.jdbi())).isEmpty();
        }
        deleteDataDirectory(dir);
    }

    @Test
    void stalePidFileNamingAnUnrelatedLiveProcessIsRemoved() throws IOException {
        Path dir = newDataDirectory();
        DatabaseConfig config = DatabaseConfig.embedded(dir);
        try (Database db = Database.start(config)) {
            db.jdbi().useHandle(h -> h.execute("INSERT INTO markets (market_id, symbol, price_decimals,"
                    + " size_decimals) VALUES (2, 'SOL-PERP', 3, 1)"));
        }
        // As after a crash whose pid was later reused: the file names a live process that is not PostgreSQL.
        Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n"
                + dir.toAbsolutePath() + "\n1700000000\n5432\n\nlocalhost\n  1234567     98765\nready   \n");
        try (Database db = Database.start(config)) {
            assertThat(symbols(db.jdbi())).containsExactly("SOL-PERP");
        }
        deleteDataDirectory(dir);
    }
}
