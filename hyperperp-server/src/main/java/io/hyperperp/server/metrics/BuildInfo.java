package io.hyperperp.server.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build (a Maven-filtered {@code build.properties}), for metrics and the start-up log. */
public final class BuildInfo {

    private static final String VERSION = read();

    private BuildInfo() {
    }

    /** The project version, or {@code unknown} when run from unfiltered classes. */
    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String v = properties.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
