package io.hyperperp.server.config;

import java.net.URI;

/**
 * High-availability settings ({@code [ha]} in config.toml, {@code HYPERPERP_HA__*}); see docs/operations.md.
 *
 * @param enabled       several instances share one external PostgreSQL, one of them the leader
 * @param leaseMillis   length of the leader lease
 * @param advertisedUrl where clients reach this instance, or null for {@code http://server.host:port}
 * @param nodeId        this instance's name in the lease, or null for a generated one
 * @param snapshotIntervalSecs how often the leader stores an engine snapshot ({@code engine_snapshots}); 0 = never
 * @param keptSnapshots snapshots kept; the command log is pruned up to the oldest of them; 0 = keep the whole log
 */
public record HaSettings(boolean enabled, long leaseMillis, String advertisedUrl, String nodeId,
                         int snapshotIntervalSecs, int keptSnapshots) {

    /** Checks the advertised URL. */
    public HaSettings {
        if (leaseMillis < 100) {
            throw new ConfigException("ha.lease_ms must be at least 100, got " + leaseMillis);
        }
        if (advertisedUrl != null) {
            URI uri;
            try {
                uri = URI.create(advertisedUrl.trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("ha.advertised_url is not a URL: " + e.getMessage());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException("ha.advertised_url must be an http(s) URL with a host, got '"
                        + advertisedUrl + "'");
            }
            advertisedUrl = advertisedUrl.trim().replaceAll("/+$", "");
        }
        if (keptSnapshots > 0 && snapshotIntervalSecs == 0) {
            throw new ConfigException("ha.kept_snapshots needs ha.snapshot_interval_secs > 0: the log is pruned only"
                    + " up to a stored snapshot");
        }
        if (nodeId != null && (nodeId.isBlank() || nodeId.length() > 200)) {
            throw new ConfigException("ha.node_id must be 1 to 200 characters");
        }
    }
}
