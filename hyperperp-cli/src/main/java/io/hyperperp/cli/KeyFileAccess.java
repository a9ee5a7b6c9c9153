package io.hyperperp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Who besides its owner can read a private key file. A warning, not a refusal (ssh refuses): key
 * files written before the check keep working, and {@code keygen} writes owner-only files.
 */
public final class KeyFileAccess {

    private KeyFileAccess() {
    }

    /**
     * The warning for a key file its group or other users can read, or null (also when the file
     * system has no POSIX permissions).
     *
     * @param lets what a reader of the key can do, e.g. "sign settlement transactions"
     */
    public static String warning(Path file, String lets) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        boolean group = mode.contains(PosixFilePermission.GROUP_READ);
        boolean others = mode.contains(PosixFilePermission.OTHERS_READ);
        String who = group && others ? "its group and other users" : group ? "its group" : others ? "other users" : null;
        return who == null ? null : "warning: private key file " + file + " is readable by " + who
                + " (chmod 600 it): anyone who can read it can " + lets;
    }
}
