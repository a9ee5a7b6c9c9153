package io.hyperperp.jdbc.testing;

import io.hyperperp.jdbc.DatabaseConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension: each test class gets its own fresh database (see {@link TestDatabases}), dropped after the
 * class. Test methods, {@code @BeforeAll}/{@code @BeforeEach} methods and constructors may declare a
 * {@link DatabaseConfig} or {@link TestDatabase} parameter to receive it.
 *
 * <pre>{@code @ExtendWith(FreshDatabase.class)
 * class OrdersIT {
 *     @Test void stores(DatabaseConfig config) { try (Database db = Database.start(config)) { ... } }
 * }}</pre>
 */
public final class FreshDatabase implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FreshDatabase.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DatabaseConfig.class || type == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestDatabase database = database(context);
        return parameter.getParameter().getType() == TestDatabase.class ? database : database.config();
    }

    private static TestDatabase database(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        // AutoCloseable store values are closed (the database dropped) when the class context ends.
        return classContext.getStore(NAMESPACE)
                .computeIfAbsent(TestDatabase.class, key -> TestDatabases.create(), TestDatabase.class);
    }
}
