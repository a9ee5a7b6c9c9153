package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One OpenAPI document as a contract for live answers: each answer's status must be listed for its
 * operation and its JSON body must validate against the listed schema (OpenAPI 3.0 schemas turned
 * into JSON Schema draft 4: {@code nullable: true} becomes a {@code "null"} type); it remembers the
 * operations checked so a test can require that every documented one was.
 */
final class OpenApiContract {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private final String name;
    private final JsonNode spec;
    private final ObjectNode components;
    private final Set<String> exercised = new TreeSet<>();

    OpenApiContract(Path document) throws IOException {
        name = document.getFileName().toString();
        spec = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(document));
        components = (ObjectNode) jsonSchema(spec.get("components"));
    }

    /** Fails unless every operation of the document was checked, and only those. */
    void assertEveryOperationCalled() {
        assertThat(exercised).as("operations called").containsExactlyInAnyOrderElementsOf(documentedOperations());
    }

    /** Checks one answer of the operation {@code method template} (a path as the document spells it). */
    TestServer.Reply verify(TestServer.Reply reply, String method, String template) {
        String operation = method + " " + template;
        exercised.add(operation);
        JsonNode responses = spec.path("paths").path(template).path(method.toLowerCase(Locale.ROOT)).path("responses");
        assertThat(responses.isObject()).as(operation + " is documented").isTrue();
        JsonNode documented = responses.get(Integer.toString(reply.status()));
        assertThat(documented).as(operation + " answered " + reply.status() + " (" + reply.text() + "), which "
                + name + " does not list").isNotNull();
        if (documented.has("$ref")) {
            documented = spec.at(documented.get("$ref").asText().substring(1));
        }
        JsonNode schema = documented.at("/content/application~1json/schema");
        if (!schema.isMissingNode()) {
            assertThat(reply.json()).as(operation + " " + reply.status() + " answers JSON").isNotNull();
            Set<ValidationMessage> errors = validator(schema).validate(reply.json());
            assertThat(errors).as(operation + " " + reply.status() + ": " + reply.text()).isEmpty();
        }
        return reply;
    }

    private com.networknt.schema.JsonSchema validator(JsonNode schema) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("components", components);
        root.putArray("allOf").add(jsonSchema(schema));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
    }

    private Set<String> documentedOperations() {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> paths = spec.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> ops = spec.get("paths").get(path).fieldNames(); ops.hasNext(); ) {
                String op = ops.next();
                if (METHODS.contains(op)) {
                    out.add(op.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return out;
    }

    /** A copy in JSON Schema terms: {@code nullable: true} with a {@code type} becomes {@code type: [t, "null"]}. */
    private static JsonNode jsonSchema(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(jsonSchema(item)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        node.fields().forEachRemaining(e -> out.set(e.getKey(), jsonSchema(e.getValue())));
        if (out.path("nullable").asBoolean(false) && out.has("type")) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(out.get("type").asText()).add("null");
            out.set("type", types);
            if (out.has("enum")) {
                ((ArrayNode) out.get("enum")).addNull();
            }
        }
        out.remove("nullable");
        return out;
    }
}
