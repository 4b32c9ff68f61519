package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** scripts/invoke-local.sh on each fixture of events/, against a local stack, as a user runs it. */
class InvokeLocalIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  private static Path home;

  record Invocation(int exitCode, JsonNode response, String err) {
    List<String> failedIds() {
      List<String> ids = new ArrayList<>();
      response.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asText()));
      return ids;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    home = Path.of(System.getProperty("enrich.home", "..")).toAbsolutePath().normalize();
  }

  private static Invocation invoke(String fixtureName, String... more) throws Exception {
    return invoke(home.resolve("events").resolve(fixtureName), more);
  }

  private static Invocation invoke(Path event, String... more) throws Exception {
    List<String> command = new ArrayList<>(List.of(home.resolve("scripts/invoke-local.sh").toString(),
        event.toString()));
    command.addAll(List.of(more));
    Path out = Files.createTempFile("invoke-out", ".json");
    Path err = Files.createTempFile("invoke-err", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.putAll(stack.fixture().env());
    env.put("ENRICH_CONFIG_FILE", Files.createTempFile("no-config", "").toString());
    Process p = builder.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "invoke-local.sh did not finish");
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    Files.delete(out);
    Files.delete(err);
    JsonNode response = stdout.isBlank() ? JSON.createObjectNode() : JSON.readTree(stdout);
    return new Invocation(p.exitValue(), response, stderr);
  }

  private static CatalogStatus status(String catalogId) {
    return new StatusReader(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName()).read(catalogId);
  }

  @Test
  void aValidEvent_registersItsCatalog_completesIt_andASecondRunIsADuplicate() throws Exception {
    Invocation first = invoke("kitchen-two-batches.json");
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(List.of(), first.failedIds());
    assertTrue(first.err().contains("registered catalog fixture-kitchen (2 batches, 12 products)"), first.err());
    CatalogStatus done = status("fixture-kitchen");
    assertEquals(CatalogState.COMPLETED, done.state());
    assertEquals(12, done.productsDone());
    assertEquals(12, stack.fixture().mongoCount("fixture-kitchen"));

    Invocation again = invoke("kitchen-two-batches.json");
    assertEquals(0, again.exitCode(), again.err());
    assertFalse(again.err().contains("registered"), again.err());
    assertEquals(2, again.err().split("\"outcome\":\"DUPLICATE\"", -1).length - 1, again.err());
    assertEquals(12, status("fixture-kitchen").productsDone(), "a second delivery counts nothing");
    assertEquals(12, stack.fixture().mongoCount("fixture-kitchen"));
  }

  @Test
  void theSameBatchThreeTimesInOneEvent_countsOnce() throws Exception {
    Invocation run = invoke("duplicate-delivery.json");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(4, status("fixture-duplicates").productsDone());
    assertEquals(4, stack.fixture().mongoCount("fixture-duplicates"));
  }

  @Test
  void aMalformedBody_failsOnlyItsRecord() throws Exception {
    Invocation run = invoke("malformed-body.json");
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(List.of("0f6a1c2e-0201-4d7b-9e51-5c3b8a7f0201"), run.failedIds());
    assertEquals(3, stack.fixture().mongoCount("fixture-malformed"), "the good record of the same event completed");
  }

  @Test
  void anUnknownSchemaVersion_failsTheRecord() throws Exception {
    Invocation run = invoke("unknown-version.json");
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.failedIds().size());
    assertTrue(run.err().contains("\"outcome\":\"REJECTED\""), run.err());
  }

  @Test
  void withoutRegistration_anUnknownCatalogFails_asOnLambda() throws Exception {
    Invocation run = invoke("unknown-catalog.json", "--no-register");
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("is not in the status table"), run.err());
    assertEquals(0, stack.fixture().mongoCount("fixture-unknown-catalog"));
  }

  @Test
  void aFileThatIsNotAnEvent_exits2WithOneLine() throws Exception {
    Path notAnEvent = Files.createTempFile("not-an-event", ".json");
    try {
      Files.writeString(notAnEvent, "{\"records\": []}");
      Invocation run = invoke(notAnEvent);
      assertEquals(2, run.exitCode(), run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().contains("not an SQS event"), run.err());
    } finally {
      Files.delete(notAnEvent);
    }
  }
}
