package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.jdbc.internal.PostgresUrl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void seedFormIsConvertedToJdbcWithCredentialsExtracted() {
        DatabaseConfig config = DatabaseConfig.fromUrl("postgresql://postgres:password@localhost:5432/hyperperp");
        assertThat(config.isEmbedded()).isFalse();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/hyperperp");
        assertThat(config.user()).isEqualTo("postgres");
        assertThat(config.password()).isEqualTo("password");
        assertThat(config.poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
    }

    @Test
    void passwordNeverInToString() {
        DatabaseConfig config = DatabaseConfig.external("postgres://app:S3cr%40t%2Fpw@db.internal/hp?sslmode=require");
        assertThat(config.password()).isEqualTo("S3cr@t/pw");
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/hp?sslmode=require");
        assertThat(config.toString()).doesNotContain("S3cr").contains("password=***").contains("user=app");
        assertThat(config.describe()).doesNotContain("S3cr");
    }

    @Test
    void jdbcFormIsKeptAndCredentialParametersAreMovedOut() {
        DatabaseConfig config = DatabaseConfig.external(
                "jdbc:postgresql://h1:5432,h2:5433/hp?user=app&password=hunter22&targetServerType=primary");
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/hp?targetServerType=primary");
        assertThat(config.user()).isEqualTo("app");
        assertThat(config.password()).isEqualTo("hunter22");
        assertThat(config).hasToString(config.toString().replace("hunter22", "")); // not present at all
    }

    @Test
    void explicitCredentialsWin() {
        DatabaseConfig config = DatabaseConfig.external("postgresql://a:b@h/db").withCredentials("c", "d");
        assertThat(config.user()).isEqualTo("c");
        assertThat(config.password()).isEqualTo("d");
    }

    @Test
    void noUrlMeansEmbeddedWithDefaults() {
        assertThat(DatabaseConfig.fromUrl(null)).isEqualTo(DatabaseConfig.embedded());
        assertThat(DatabaseConfig.fromUrl("  ").isEmbedded()).isTrue();
        DatabaseConfig embedded = DatabaseConfig.embedded();
        assertThat(embedded.embeddedDataDirectory()).isEqualTo(Path.of("hyperperp-data", "postgres"));
        assertThat(embedded.embeddedPort()).isZero();
    }

    @Test
    void invalidUrlsFailWithoutShowingThePassword() {
        assertThatThrownBy(() -> DatabaseConfig.external("mysql://root:topsecret@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected postgresql://")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> DatabaseConfig.external("postgresql://root:top/secret@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encode")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseConfig.external("postgresql://root:topsecret@h:5432"))
                .hasMessageContaining("no database name")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> DatabaseConfig.embedded().withPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maskHidesSecretsInArbitraryUrls() {
        assertThat(PostgresUrl.mask("postgresql://u:pw@h:1/db")).isEqualTo("postgresql://u:***@h:1/db");
        assertThat(PostgresUrl.mask("jdbc:postgresql://h/db?user=u&password=pw&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }

    @Test
    void firstHostAndPortFillsDefaultPort() {
        assertThat(PostgresUrl.parse("postgresql://h/db").firstHostAndPort()).isEqualTo("h:5432");
        assertThat(PostgresUrl.parse("jdbc:postgresql://[::1]:6543,x/db").firstHostAndPort()).isEqualTo("[::1]:6543");
    }
}
