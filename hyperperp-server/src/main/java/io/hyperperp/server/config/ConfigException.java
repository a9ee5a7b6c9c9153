package io.hyperperp.server.config;

/** A configuration problem that stops start-up; the message names the setting. */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public ConfigException(String message) {
        super(message);
    }
}
