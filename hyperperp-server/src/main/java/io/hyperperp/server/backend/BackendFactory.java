package io.hyperperp.server.backend;

/**
 * Opens the backend the server runs on. {@link #inMemory()} is the default; the persistent
 * backend is another factory (chosen when {@code database.url} is set).
 */
@FunctionalInterface
public interface BackendFactory {

    /** Opens (and starts) a backend. */
    ExchangeBackend open(BackendContext context) throws Exception;

    /** The in-memory backend. */
    static BackendFactory inMemory() {
        return InMemoryBackend::open;
    }
}
