package io.hyperperp.server.ha;

import io.hyperperp.server.config.ServerConfigLoader;
import java.util.HashMap;
import java.util.Map;

/**
 * One HA instance in its own JVM, for {@link HaFailoverIT}: {@code HaNodeMain <database-url> <lease-ms> <node-id>
 * [key=value ...]} (more settings, e.g. {@code persistence.tables=behind}). Listens on a free loopback port, prints
 * {@code HA-PORT <port>}, and runs until killed.
 */
public final class HaNodeMain {

    /** The line announcing the port. */
    static final String PORT_LINE = "HA-PORT ";

    private HaNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("server.port", "0");
        flags.put("rate_limit.ip_per_sec", "0");
        flags.put("rate_limit.user_per_sec", "0");
        flags.put("database.url", args[0]);
        flags.put("ha.enabled", "true");
        flags.put("ha.lease_ms", args[1]);
        flags.put("ha.node_id", args[2]);
        flags.put("settlement.batch_timeout_secs", "0.2");
        flags.put("server.default_margin", "none"); // fail-over, not margin: orders need no deposit first
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            flags.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        HaServe serve = HaServe.start(ServerConfigLoader.load(flags, Map.of(), null));
        System.out.println(PORT_LINE + serve.server().port());
        System.out.flush();
        serve.awaitShutdown();
    }
}
