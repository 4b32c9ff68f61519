package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published JSON schemas of {@code --output json} (docs/schemas/NAME.schema.json, JSON Schema
 * 2020-12). Tests run the real command and check its stdout against the schema, so a field renamed
 * or dropped in code fails the build instead of a user's script.
 */
public final class JsonSchemas {
  public static final Path DIR = Path.of(System.getProperty("enrich.home", "..")).resolve("docs/schemas");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /** Asserts that {@code json} (one document) matches schema {@code name}; returns it parsed. */
  public static JsonNode assertMatches(String name, String json) {
    JsonNode document;
    try {
      document = JSON.readTree(json);
    } catch (IOException e) {
      fail("not one JSON document: " + e.getMessage() + "\n" + json);
      return null;
    }
    List<Error> errors = schema(name).validate(document);
    if (!errors.isEmpty()) {
      fail("output does not match docs/schemas/" + name + ".schema.json: " + errors + "\n" + json);
    }
    return document;
  }

  private static Schema schema(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      if (!Files.isRegularFile(DIR.resolve(n + ".schema.json"))) {
        throw new IllegalStateException("no schema docs/schemas/" + n + ".schema.json");
      }
      // docs/schemas is a test resource directory (see the pom): loaded by classpath location, a
      // relative $ref ("batches.schema.json#/$defs/batch") is a sibling schema.
      return REGISTRY.getSchema(SchemaLocation.of("classpath:schemas/" + n + ".schema.json"));
    });
  }
}
