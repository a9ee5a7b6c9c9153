package io.hyperperp.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the server's configuration files (config.toml, the markets file, a secret's {@code _file}) as UTF-8 text with
 * one-line errors: at most a given number of bytes (a config file named {@code /dev/zero} ran the JVM out of memory,
 * with a stack trace), "not found", "is a directory", "permission denied", "is not UTF-8 text" instead of the
 * exception's own words, and a leading byte order mark, as some editors write one, skipped.
 */
public final class ConfigFiles {

    /** Largest config.toml or markets file read: far above any real one (a market is a few hundred bytes). */
    public static final int MAX_CONFIG_BYTES = 16 << 20;
    /** Largest secret file read (an admin token, a database URL, a private key). */
    static final int MAX_SECRET_BYTES = 64 << 10;

    private ConfigFiles() {
    }

    /**
     * The text of {@code file}.
     *
     * @param what     how the error names the file ("config file", "server.markets_file")
     * @param maxBytes longest file read
     * @throws ConfigException naming the file and the reason when it cannot be read as UTF-8 text of that length
     */
    public static String readText(Path file, String what, int maxBytes) {
        String named = what + " " + file;
        if (Files.isDirectory(file)) {
            throw new ConfigException(named + " is a directory");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            throw new ConfigException(named + " not found");
        } catch (AccessDeniedException e) {
            throw new ConfigException(named + ": permission denied");
        } catch (IOException e) {
            throw new ConfigException(named + " cannot be read: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (bytes.length > maxBytes) {
            throw new ConfigException(named + " is longer than " + maxBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(named + " is not UTF-8 text");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
