package dev.imlab.ops;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import com.networknt.schema.SchemaLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A JSON schema from this module's test resources, and the errors it finds in a YAML document's tree. */
final class JsonSchemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonSchemas COMPOSE = load("/compose-spec/compose-spec.json");

    private final Schema schema;

    private JsonSchemas(Schema schema) {
        this.schema = schema;
    }

    /** The Compose Specification's schema as docker-compose 1.29 has it (resources: compose-spec/README.md). */
    static JsonSchemas compose() {
        return COMPOSE;
    }

    private static JsonSchemas load(String resource) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            JsonNode schema = JSON.readTree(in);
            withoutDraft4Ids(schema);
            return new JsonSchemas(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(
                    SchemaLocation.of("classpath:" + resource), schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Compose schema names its definitions with draft 4's {@code "id": "#/definitions/..."}, which
     * declares 2019-09 and which the validator refuses as an unknown keyword: they only label, so they go.
     */
    private static void withoutDraft4Ids(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode id = object.get("id");
            if (id != null && id.isString()) {
                object.remove("id");
            }
            object.values().forEach(JsonSchemas::withoutDraft4Ids);
        } else if (node.isArray()) {
            node.values().forEach(JsonSchemas::withoutDraft4Ids);
        }
    }

    /** Each error as "where: what"; empty when the document is valid. */
    List<String> errors(Object document) {
        List<Error> errors = schema.validate(JSON.valueToTree(document));
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }
}
