package io.hyperperp.server.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

/**
 * Jackson factories whose buffers are shared by all threads. Jackson's default pool keeps its
 * parse and write buffers per thread; every HTTP exchange runs on a new virtual thread, so that
 * pool allocated a fresh set (about 20 KB of char and byte arrays) for every request: a fifth of
 * the server's allocation. A shared pool hands the same buffers around.
 */
public final class JsonFactories {

    private JsonFactories() {
    }

    /** A new factory drawing its buffers from the shared pool. */
    public static JsonFactory shared() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    }
}
