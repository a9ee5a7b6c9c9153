package io.hyperperp.cli.client;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.cli.CommonOptions;
import io.hyperperp.cli.HasCommonOptions;
import io.hyperperp.cli.InputFiles;
import io.hyperperp.cli.VersionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.EdECPrivateKey;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hyperperp keygen}: a new Ed25519 key in a file only its owner can read. */
@Command(name = "keygen",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Generate an Ed25519 key for signing requests; write it to a file with owner-only permissions "
                + "(rw-------) and print the public key and the Aptos account address (the user_address it signs for).",
            "The private key is never printed."})
public final class KeygenCommand implements Callable<Integer>, HasCommonOptions {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "hyperperp.key",
            description = "Key file to write (default ${DEFAULT-VALUE} in the current directory).")
    Path out;

    @Option(names = "--force", description = "Replace an existing key file (the old key is lost).")
    boolean force;

    @Option(names = "--json", description = "Print public_key, address and key_file as JSON.")
    boolean json;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        Ed25519PrivateKey key = generate();
        write(out, key.exportHex() + "\n", force);
        String publicKey = key.publicKey().toHex();
        String address = key.accountAddress().toShortString();
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(ApiClient.MAPPER.createObjectNode().put("public_key", publicKey).put("address", address)
                    .put("key_file", out.toString()).toString());
        } else {
            o.println("key file:   " + out + " (rw-------)");
            o.println("public key: " + publicKey);
            o.println("address:    " + address);
        }
        o.flush();
        return ExitCodes.OK;
    }

    /** A fresh key from the JDK's Ed25519 generator (its 32-byte seed). */
    static Ed25519PrivateKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                    .orElseThrow(() -> new ClientException(ExitCodes.ERROR, "the JDK did not expose the Ed25519 seed"));
            return Ed25519PrivateKey.fromSeed(seed);
        } catch (GeneralSecurityException e) {
            throw new ClientException(ExitCodes.ERROR, null, "cannot generate an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Creates the file owner-only; refuses to replace it unless {@code force} (then an atomic replace). */
    static void write(Path file, String content, boolean force) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir != null && Files.exists(dir)
                && Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class) != null;
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new ClientException(ExitCodes.ERROR, "key file " + file + " already exists; use --force to replace it");
        }
        try {
            if (!force) {
                Path created = Files.createFile(file, attrs);
                Files.write(created, bytes);
            } else {
                Path tmp = Files.createTempFile(dir, ".hyperperp-key", ".tmp", attrs);
                try {
                    Files.write(tmp, bytes);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            if (posix) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ClientException(ExitCodes.ERROR, null, "key file " + file + " already exists; use --force to replace it", e);
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException ? "its directory does not exist" : InputFiles.reason(e);
            throw new ClientException(ExitCodes.ERROR, null, "cannot write key file " + file + ": " + reason, e);
        }
    }
}
