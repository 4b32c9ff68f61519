package dev.enrich.cli;

import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command that prints data has a published schema, and the ones that need no server are
 * checked against it here (the others in their integration tests).
 */
class JsonOutputsTest {
  /** Command (as typed) to the schemas of what it prints with --output json. */
  private static final Map<String, Set<String>> SCHEMAS = Map.ofEntries(
      Map.entry("submit", Set.of("submit", "submit-dry-run")),
      Map.entry("validate", Set.of("validate")),
      Map.entry("status", Set.of("status", "batches", "failures")),
      Map.entry("list", Set.of("list")),
      Map.entry("cancel", Set.of("cancel")),
      Map.entry("retry-failed", Set.of("retry-failed")),
      Map.entry("local run", Set.of("local-run")),
      Map.entry("dlq peek", Set.of("dlq-peek")),
      Map.entry("queue stats", Set.of("queue-stats")),
      Map.entry("redrive-dlq", Set.of("redrive-dlq")),
      Map.entry("doctor", Set.of("doctor")));
  /**
   * JSON from elsewhere than --output: export's products, and the consumer's completion events
   * (CompletionEventIT checks what it publishes against that schema).
   */
  private static final Map<String, Set<String>> OTHER = Map.of("export", Set.of("export"),
      "(consumer)", Set.of("completion-event"));

  @Test
  void everyCommandWithAnOutputOption_hasASchema_andEverySchemaBelongsToACommand() throws Exception {
    Set<String> withOutput = new TreeSet<>();
    collect(EnrichCommand.commandLine(), "", withOutput);
    assertEquals(new TreeSet<>(SCHEMAS.keySet()), withOutput, "a command prints JSON without a schema, or the table is stale");
    Set<String> expected = new TreeSet<>();
    SCHEMAS.values().forEach(expected::addAll);
    OTHER.values().forEach(expected::addAll);
    try (Stream<Path> files = Files.list(JsonSchemas.DIR)) {
      Set<String> published = files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".schema.json")).map(n -> n.substring(0, n.length() - ".schema.json".length()))
          .collect(Collectors.toCollection(TreeSet::new));
      assertTrue(published.containsAll(expected), "missing: " + minus(expected, published));
      assertTrue(expected.containsAll(published), "no command prints: " + minus(published, expected));
    }
  }

  private static void collect(CommandLine cli, String prefix, Set<String> out) {
    for (Map.Entry<String, CommandLine> sub : new TreeMap<>(cli.getSubcommands()).entrySet()) {
      String name = (prefix + " " + sub.getKey()).strip();
      if (sub.getValue().getCommandSpec().findOption("--output") != null) {
        out.add(name);
      }
      collect(sub.getValue(), name, out);
    }
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }

  @Test
  void validate_matchesItsSchema_cleanAndWithInvalidRows() {
    CliRun clean = CliRun.of("validate", sample("kitchen-12.csv").toString(), "--output", "json");
    assertEquals(ExitCodes.OK, clean.exitCode(), clean.toString());
    assertEquals(12, JsonSchemas.assertMatches("validate", clean.out()).get("products").asInt());
    CliRun errors = CliRun.of("validate", sample("toys-30-errors.csv").toString(), "--output", "json");
    assertEquals(ExitCodes.SOME_FAILED, errors.exitCode(), errors.toString());
    assertEquals(9, JsonSchemas.assertMatches("validate", errors.out()).get("invalid").asInt());
  }

  @Test
  void dryRun_matchesItsSchema() {
    CliRun run = CliRun.of("submit", sample("electronics-2500.ndjson").toString(), "--dry-run", "--output", "json");
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode plan = JsonSchemas.assertMatches("submit-dry-run", run.out());
    assertEquals(2500, plan.get("keepa_tokens").asInt());
    assertTrue(plan.get("cost_per_thousand_products").get("total_usd").asDouble() > 0, run.out());
  }

  @Test
  void dryRun_withAKeepaRate_matchesItsSchema_withTheForecastAndTheWaitingItCosts() {
    CliRun run = CliRun.of("submit", sample("electronics-2500.ndjson").toString(), "--dry-run", "--keepa-rate",
        "20/min", "--output", "json");
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode plan = JsonSchemas.assertMatches("submit-dry-run", run.out());
    JsonNode forecast = plan.get("keepa_forecast");
    assertEquals(20, forecast.get("rate_per_minute").asInt());
    assertEquals("option", forecast.get("rate_source").asText());
    assertEquals(125 * 60, forecast.get("seconds").asLong()); // 2,500 tokens at 20 a minute
    assertEquals("2,500 tokens at 20/min: 2 h 5 min", forecast.get("text").asText());
    assertEquals("deferral", plan.get("token_wait").asText(), "the consumer defers batches rather than wait");
    assertTrue(plan.get("token_wait_cost").asText().contains("deferring batches"), run.out());
  }

  @Test
  void dryRun_aKeepaRateThatIsNotARate_isOneLineAndExit2() {
    CliRun run = CliRun.of("submit", sample("kitchen-12.csv").toString(), "--dry-run", "--keepa-rate", "fast");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("--keepa-rate \"fast\" is not a rate: give tokens per minute, for example 60/min"),
        run.err());
  }
}
