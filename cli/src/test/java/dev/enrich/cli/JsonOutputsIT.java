package dev.enrich.cli;

import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.local.StackExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** submit and local run print their published schemas (status, list, cancel, export: in their own ITs). */
class JsonOutputsIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  @Test
  void submit_andItsResume_matchTheSchema() {
    List<String> args = new ArrayList<>(List.of("submit", sample("outdoor-80.json").toString(), "--catalog-id", "json-out",
        "--output", "json"));
    args.addAll(List.of(stack.fixture().flags()));
    CliRun first = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, first.exitCode(), first.toString());
    JsonNode sent = JsonSchemas.assertMatches("submit", first.out());
    assertEquals(false, sent.get("resumed").asBoolean());
    CliRun again = CliRun.of(args.toArray(String[]::new));
    JsonNode resumed = JsonSchemas.assertMatches("submit", again.out());
    assertEquals(0, resumed.get("sent").asInt(), again.out());
  }

  @Test
  void localRun_matchesTheSchema_withTheStoresAgreeing() {
    CliRun run = CliRun.of("local", "run", sample("kitchen-12.csv").toString(), "--output", "json");
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode report = JsonSchemas.assertMatches("local-run", run.out());
    assertTrue(report.get("check").get("consistent").asBoolean(), run.out());
    assertEquals("COMPLETED", report.get("status").get("state").asText());
    assertEquals(12, report.get("check").get("mongo_documents").asInt());
  }
}
