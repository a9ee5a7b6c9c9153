package io.hyperperp.cli;

/**
 * The jar's entry point. A client command ({@code submit}, {@code book}, ...) runs on
 * {@link ClientCli}, which never loads the server and its dependencies; everything else (serve,
 * replay, bench, aptos, help, --version) on the full {@link HyperperpCli}. docs/benchmarks.md has
 * the start-up times.
 */
public final class Main {

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        int code = ClientCli.handles(args) ? ClientCli.newCommandLine(args[0]).execute(args)
                : HyperperpCli.newCommandLine().execute(args);
        System.exit(code);
    }
}
