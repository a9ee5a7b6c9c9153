package io.hyperperp.bench.versus;

import io.hyperperp.bench.CommandBinary;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.market.MarketRegistry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a command file (JSON lines, gzipped or not) into commands, for the benchmark mains that run
 * without the CLI: the parser is the server module's, which this module does not depend on, so it is
 * looked up on the class path (the CLI's jar has it).
 *
 * <p>A file ending in {@code .bin} is the same commands in a binary form of their fields
 * ({@link #writeBinary}: places, cancels and amends only), read without a parser: a process that is
 * started many times (once per counter run) or runs under a simulator (which runs a JVM 50-500 times
 * slower) loads it in seconds instead of parsing JSON.
 */
final class CommandFile {

    private CommandFile() {
    }

    /** Every command of {@code file}, parsed against {@code registry}. */
    static List<Command> read(String file, MarketRegistry registry) throws Exception {
        if (file.endsWith(".bin")) {
            return readBinary(Path.of(file));
        }
        Class<?> parserClass = Class.forName("io.hyperperp.server.json.CommandJson", true,
                CommandFile.class.getClassLoader());
        Object parser = parserClass.getConstructor(MarketRegistry.class).newInstance(registry);
        Method parse = parserClass.getMethod("parse", String.class);
        List<Command> commands = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                file.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(Path.of(file)), 1 << 16)
                        : Files.newInputStream(Path.of(file))))) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    Object parsed = parse.invoke(parser, line);
                    if (!parsed.getClass().getSimpleName().equals("ParsedCommand")) {
                        throw new IllegalArgumentException(file + " line " + lineNumber + ": " + parsed);
                    }
                    commands.add((Command) parsed.getClass().getMethod("command").invoke(parsed));
                }
            }
        }
        return commands;
    }

    /** Writes places, cancels and amends field by field ({@link CommandBinary}). */
    static void writeBinary(List<Command> commands, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            CommandBinary.write(out, commands);
        }
    }

    private static List<Command> readBinary(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return CommandBinary.read(in, file.toString());
        }
    }
}
