package io.hyperperp.cli;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.server.config.ConfigException;
import io.hyperperp.server.config.ConfigFiles;
import io.hyperperp.server.json.MarketsJson;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening the CLI's files with clear one-line errors. */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * A UTF-8 reader of {@link Utf8Lines} (a line holding bytes that are not UTF-8 is refused on its own
     * instead of aborting the read); a gzip file (by its magic bytes) is decompressed.
     */
    static BufferedReader openLines(Path file, String what) {
        requireReadable(file, what);
        try {
            return Utf8Lines.reader(decompressed(file));
        } catch (IOException e) {
            throw new CliException("cannot read " + what + " " + file + ": " + reason(e), e);
        }
    }

    /** A command log's lines (gzip or not), each at most {@code maxChars} long (a longer one is not kept). */
    static LineReader openCommandLines(Path file, String what, int maxChars) {
        requireReadable(file, what);
        try {
            return LineReader.utf8(decompressed(file), maxChars);
        } catch (IOException e) {
            throw new CliException("cannot read " + what + " " + file + ": " + reason(e), e);
        }
    }

    /** The file's bytes, gunzipped when it begins with gzip's magic number. */
    static InputStream decompressed(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    /** The market registry from a markets file, or the defaults when {@code file} is null. */
    static MarketRegistry markets(Path file) {
        if (file == null) {
            return MarketRegistry.defaults();
        }
        requireReadable(file, "markets file");
        try {
            // Bounded, and without the UTF-8 byte order mark some editors begin a file with.
            return MarketsJson.parse(ConfigFiles.readText(file, "markets file", ConfigFiles.MAX_CONFIG_BYTES));
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), e);
        } catch (MarketsJson.MarketsConfigException e) {
            throw new CliException("markets file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A buffered UTF-8 writer, or null when {@code file} is null. */
    static BufferedWriter create(Path file, String what) {
        if (file == null) {
            return null;
        }
        try {
            return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                    1 << 16);
        } catch (IOException e) {
            throw new CliException("cannot write " + what + " " + file + ": " + reason(e), e);
        }
    }

    private static void requireReadable(Path file, String what) {
        if (!Files.exists(file)) {
            throw new CliException(what + " not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new CliException(what + " is a directory: " + file);
        }
    }

    /** A one-line reason for an I/O error, in words a person reads (never a bare exception class or decoder message). */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8"; // the decoder's own message is "Input length = 1"
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            // a gzip file cut short ("Unexpected end of ZLIB input stream") or corrupt ("invalid block type")
            return "the gzip data is truncated or corrupt (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
