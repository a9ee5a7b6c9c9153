package io.hyperperp.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each {@code withX} of {@link ServerConfig} changes its own components and keeps every other one: a component
 * forgotten in the copy (the hazard of copying 26 fields by hand in nine places) comes out null, zero or false, and
 * the starting configuration here has none of those.
 */
class ServerConfigCopyTest {

    /** The defaults with every null, zero or false component replaced by a value of its type that is none of those. */
    private static ServerConfig nothingDefault() throws Exception {
        ServerConfig d = ServerConfig.defaults();
        RecordComponent[] components = ServerConfig.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            Object v = components[i].getAccessor().invoke(d);
            if (v == null || v.equals(0) || v.equals(0L) || v.equals(false)) {
                v = types[i] == String.class ? "set-" + i : types[i] == Path.class ? Path.of("dir-" + i)
                        : types[i] == int.class ? 7 + i : types[i] == long.class ? 7L + i : types[i] == boolean.class
                        ? Boolean.TRUE : null;
            }
            assertThat(v).as(components[i].getName() + ": a value that is not a default").isNotNull();
            values[i] = v;
        }
        Constructor<ServerConfig> canonical = ServerConfig.class.getDeclaredConstructor(types);
        return canonical.newInstance(values);
    }

    private static void keepsAllBut(ServerConfig before, UnaryOperator<ServerConfig> with, Set<String> changed,
                                    List<String> failures) throws Exception {
        ServerConfig after = with.apply(before);
        for (RecordComponent c : ServerConfig.class.getRecordComponents()) {
            Object was = c.getAccessor().invoke(before);
            Object is = c.getAccessor().invoke(after);
            if (changed.contains(c.getName()) == java.util.Objects.equals(was, is)) {
                failures.add(changed + " -> " + c.getName() + ": " + was + " then " + is);
            }
        }
    }

    /** A record like {@code value} with its first number one higher (so not equal to it). */
    private static <T> T another(T value) throws Exception {
        RecordComponent[] components = value.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean bumped = false;
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getAccessor().invoke(value);
            if (!bumped && types[i] == int.class) {
                values[i] = (Integer) values[i] + 1;
                bumped = true;
            } else if (!bumped && types[i] == long.class) {
                values[i] = (Long) values[i] + 1;
                bumped = true;
            }
        }
        Constructor<?> canonical = value.getClass().getDeclaredConstructor(types);
        canonical.setAccessible(true);
        @SuppressWarnings("unchecked")
        T out = (T) canonical.newInstance(values);
        return out;
    }

    @Test
    void everyWithChangesItsOwnComponentsAndKeepsEveryOtherOne() throws Exception {
        ServerConfig base = nothingDefault();
        List<String> failures = new ArrayList<>();
        keepsAllBut(base, c -> c.withAddress("10.0.0.9", 1), Set.of("host", "port"), failures);
        keepsAllBut(base, c -> c.withAuth(ServerConfig.AuthMode.SIGNATURE, "another-token"),
                Set.of("authMode", "adminToken"), failures);
        keepsAllBut(base, c -> c.withRateLimits(new ServerConfig.RateLimits(1, 2, 3, 4)), Set.of("rateLimits"),
                failures);
        keepsAllBut(base, c -> c.withMarkets(io.hyperperp.core.market.MarketRegistry.defaults()), Set.of("markets"),
                failures);
        keepsAllBut(base, c -> c.withStream(new ServerConfig.StreamSettings(1, 2, 3, 4, 5, 6)), Set.of("stream"),
                failures);
        io.hyperperp.core.settlement.SettlementConfig settlement = another(base.settlement());
        keepsAllBut(base, c -> c.withSettlement(settlement), Set.of("settlement"), failures);
        keepsAllBut(base, c -> c.withCorsOrigins(List.of("https://a.example")), Set.of("corsOrigins"), failures);
        HaSettings ha = another(base.ha());
        keepsAllBut(base, c -> c.withHa(ha), Set.of("ha"), failures);
        PersistenceSettings persistence = another(base.persistence());
        keepsAllBut(base, c -> c.withPersistence(persistence), Set.of("persistence"), failures);
        assertThat(failures).isEmpty();
    }
}
