package io.hyperperp.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code HYPERPERP_*} environment variables that are not server settings, and the nearest known
 * name to a misspelt one. A misspelt variable must stop start-up: ignored, {@code HYPERPERP_DATABSE_URL}
 * would quietly put a persistent server on the embedded database.
 */
public final class KnownVariables {

    /** Read by the command-line client, the launcher and the test suites, not by the server. */
    public static final Set<String> OTHER_TOOLS = Set.of(
            "HYPERPERP_SERVER_URL", // client commands: the server to talk to
            "HYPERPERP_KEY_FILE", // client commands: the signing key
            "HYPERPERP_JAVA_OPTS", // ./hyperperp: JVM options
            "HYPERPERP_MIN_JAVA", // bin/find-java: the oldest acceptable JDK
            "HYPERPERP_TEST_DATABASE_URL", // test suites: an external PostgreSQL
            "HYPERPERP_CLIENT_KEY"); // docs/security.md: the signing-client example

    private KnownVariables() {
    }

    /** Every known variable: each setting's, its {@code _FILE} form for secrets, and {@link #OTHER_TOOLS}. */
    static List<String> all() {
        List<String> names = new ArrayList<>(OTHER_TOOLS);
        for (Setting s : Setting.ALL) {
            names.add(s.env());
            if (s.secret()) {
                names.add(s.env() + "_FILE");
            }
        }
        return names;
    }

    /** The known variable with the smallest edit distance to {@code name}. */
    static String closest(String name) {
        return closest(name, all());
    }

    /** The candidate with the smallest edit distance to {@code name} (ties: the alphabetically first). */
    static String closest(String name, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(name, candidate);
            if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance (insertions, deletions and substitutions cost 1). */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
