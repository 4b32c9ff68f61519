package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The schema check itself can fail: a renamed, missing or mistyped field is caught. */
class JsonSchemasTest {
  private static final String STATUS = """
      {"catalog_id":"c","user_id":"u","source_name":"c.csv","state":"IN_PROGRESS","total_products":10,
       "products_done":4,"succeeded":4,"failed":0,"invalid_products":0,"percent_done":40.0,"total_batches":2,
       "batch_size":5,"batches":{"queued":1,"processing":0,"completed":1,"failing":0,"cancelled":0},
       "submitted_at":"2026-11-30T10:00:00Z","started_at":null,"updated_at":null,"elapsed_seconds":3,
       "products_per_second":null,"eta_seconds":null,"marketplaces":["de"]}""";

  @Test
  void aConformingDocumentPasses() {
    assertEquals("IN_PROGRESS", JsonSchemas.assertMatches("status", STATUS).get("state").asText());
  }

  @Test
  void renamedMissingOrMistypedFieldsFail() {
    assertThrows(AssertionFailedError.class,
        () -> JsonSchemas.assertMatches("status", STATUS.replace("\"products_done\"", "\"productsDone\"")));
    assertThrows(AssertionFailedError.class,
        () -> JsonSchemas.assertMatches("status", STATUS.replace("\"state\":\"IN_PROGRESS\"", "\"state\":\"RUNNING\"")));
    assertThrows(AssertionFailedError.class,
        () -> JsonSchemas.assertMatches("status", STATUS.replace("\"failed\":0", "\"failed\":\"0\"")));
    assertThrows(AssertionFailedError.class,
        () -> JsonSchemas.assertMatches("status", STATUS.replace("\"cancelled\":0", "\"cancelled\":0,\"extra\":1")));
    assertThrows(AssertionFailedError.class,
        () -> JsonSchemas.assertMatches("status", STATUS.replace("[\"de\"]", "[\"germany\"]")));
    assertThrows(AssertionFailedError.class,
        () -> JsonSchemas.assertMatches("status", STATUS.replace(",\"marketplaces\":[\"de\"]", "")));
  }
}
