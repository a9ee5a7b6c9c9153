package io.hyperperp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version from the build (a filtered {@code version.properties}). */
public final class VersionProvider implements IVersionProvider {

    /** The project version, or {@code unknown} when run from unfiltered classes. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hyperperp " + version(), "Java " + System.getProperty("java.version")};
    }
}
