package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hyperperp.server.http.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml and docs/api.md describe exactly the native routes the router serves, and
 * docs/seed-compatibility.md every route of the seed's API at the root.
 */
class OpenApiRoutesTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

    @Test
    void openApiMatchesTheRouter() throws Exception {
        Path docs = Path.of("..", "docs");
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(docs.resolve("openapi.yaml")));
        assertThat(spec.get("openapi").asText()).startsWith("3.");
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = spec.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> ops = spec.get("paths").get(path).fieldNames(); ops.hasNext(); ) {
                String op = ops.next();
                if (METHODS.contains(op)) {
                    documented.add(op.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        Set<String> served = new TreeSet<>();
        Set<String> seed = new TreeSet<>();
        try (TestServer t = TestServer.start()) {
            for (Route r : t.server.routes()) {
                boolean nativeRoute = r.template().startsWith("/v1/") || r.template().equals("/health")
                        || r.template().equals("/metrics");
                (nativeRoute ? served : seed).add(r.method() + " " + r.template());
            }
        }
        assertThat(documented).isEqualTo(served);
        // Everything else at the root is the seed engine's API, documented route by route.
        String compatibility = Files.readString(docs.resolve("seed-compatibility.md"));
        for (String route : seed) {
            assertThat(compatibility).as("docs/seed-compatibility.md lists " + route).contains("`" + route + "`");
        }
        assertThat(seed).hasSizeGreaterThanOrEqualTo(13);
        String api = Files.readString(docs.resolve("api.md"));
        for (String route : served) {
            assertThat(api).as("docs/api.md mentions " + route).contains("`" + route);
        }
    }
}
