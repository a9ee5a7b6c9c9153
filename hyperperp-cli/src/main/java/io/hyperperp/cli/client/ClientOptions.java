package io.hyperperp.cli.client;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.cli.KeyFileAccess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParameterException;

/** Options of every client command: where the server is, how to sign, how to print. */
public final class ClientOptions {

    /** Default server URL when neither {@code --server} nor {@code HYPERPERP_SERVER_URL} is set. */
    public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:HYPERPERP_SERVER_URL:-" + DEFAULT_SERVER + "}",
            description = "Server base URL (default: $HYPERPERP_SERVER_URL or " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--key-file", paramLabel = "F", defaultValue = "${env:HYPERPERP_KEY_FILE}",
            description = "Ed25519 private key file (from 'hyperperp keygen'); order-changing requests are then signed "
                    + "(needed when the server runs with auth.mode=signature). Default: $HYPERPERP_KEY_FILE.")
    Path keyFile;

    @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
    boolean json;

    @Option(names = "--request-timeout", paramLabel = "SECS", defaultValue = "10",
            description = "Connect and request timeout in seconds (default ${DEFAULT-VALUE}).")
    double requestTimeout;

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** The command this mixin belongs to: its error stream gets the key file's warning. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private Ed25519PrivateKey loaded;

    /** The signing key (read once), or null without {@code --key-file}. */
    public Ed25519PrivateKey key() {
        if (loaded == null && keyFile != null) {
            loaded = loadKey(keyFile);
            String warning = KeyFileAccess.warning(keyFile, "sign requests for its account");
            if (warning != null && mixee != null) {
                mixee.commandLine().getErr().println(warning);
                mixee.commandLine().getErr().flush();
            }
        }
        return loaded;
    }

    /** A client for the server; usage errors for a malformed URL or timeout. */
    public ApiClient open(CommandSpec spec) {
        return new ApiClient(baseUri(spec, server), key(), timeout(spec, requestTimeout), true);
    }

    static Duration timeout(CommandSpec spec, double seconds) {
        if (!(seconds > 0) || seconds > 86_400) {
            throw new ParameterException(spec.commandLine(), "--request-timeout must be between 0 and 86400 seconds");
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    /** Parses a server URL ({@code http://host:port[/prefix]}), a usage error otherwise. */
    public static URI baseUri(CommandSpec spec, String text) {
        try {
            String s = text.strip();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            URI uri = new URI(s);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null || uri.getPort() > 65535
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(),
                    "--server must be an http:// or https:// URL like " + DEFAULT_SERVER + ", got '" + text + "'");
        }
    }

    /** Loads a key file (null for none); errors never show the key. */
    public static Ed25519PrivateKey loadKey(Path file) {
        // A separate class, so that a command without a key never loads the Aptos crypto classes.
        return file == null ? null : KeyFiles.load(file);
    }
}
