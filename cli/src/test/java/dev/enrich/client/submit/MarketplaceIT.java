package dev.enrich.client.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog's marketplace reaches Keepa: the real command line submits to the local stack, a worker
 * runs the real Keepa provider against the stand-in, and every product request the stand-in records
 * carries the domain of the marketplace its products were submitted for.
 */
class MarketplaceIT {
  private static final String KEY = "marketplace-key";
  private static final int FLAGGED = 60;
  private static final int MIXED = 40;

  @TempDir Path dir;

  @Test
  void marketplaceFlagAndColumn_reachKeepaAsTheirDomain_andStatusListAndExportShowThem() throws Exception {
    // Each catalog's ASINs are its own, so a request names the catalog it is for.
    Map<String, String> domainOf = new HashMap<>();
    StringBuilder flagged = new StringBuilder("sku,asin\n");
    for (int i = 1; i <= FLAGGED; i++) {
      flagged.append(String.format(Locale.ROOT, "DE-%03d,%s%n", i, asin(i)));
      domainOf.put(asin(i), "3");
    }
    StringBuilder mixed = new StringBuilder("sku,asin,marketplace\n");
    for (int i = 1; i <= MIXED; i++) {
      // Interleaved rows; a blank cell takes the catalog's marketplace (com by default).
      String cell = i % 3 == 0 ? "de" : i % 3 == 1 ? "com" : "";
      mixed.append(String.format(Locale.ROOT, "MIX-%03d,%s,%s%n", i, asin(1000 + i), cell));
      domainOf.put(asin(1000 + i), i % 3 == 0 ? "3" : "1");
    }
    Path flaggedFile = Files.writeString(dir.resolve("flagged.csv"), flagged);
    Path mixedFile = Files.writeString(dir.resolve("mixed.csv"), mixed);

    try (StackFixture fixture = new StackFixture();
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(100_000).refillRate(1_000)
            .refillPeriod(Duration.ofSeconds(1)).maxTokens(200_000).start()) {
      submit(fixture, flaggedFile, "flagged", "--marketplace", "de");
      submit(fixture, mixedFile, "mixed");
      var provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/"), Clock.systemUTC());
      try (LocalWorker worker = new LocalWorker(fixture.stack.sqsClient(), fixture.stack.queueUrl(),
          fixture.stack.config().region(), fixture.handler(provider), new WorkerSettings(10, 2, 1, 60),
          new PrintStream(OutputStream.nullOutputStream()))) {
        worker.start();
        awaitTerminal(fixture, "flagged");
        awaitTerminal(fixture, "mixed");
      }

      Set<String> requested = new HashSet<>();
      List<String> queries = keepa.productQueries();
      assertFalse(queries.isEmpty());
      for (String query : queries) {
        Map<String, String> params = params(query);
        String domain = params.get("domain");
        for (String asin : params.get("asin").split(",")) {
          assertEquals(domainOf.get(asin), domain, asin + " was asked for in the wrong marketplace: " + query);
          requested.add(asin);
        }
      }
      assertEquals(domainOf.keySet(), requested, "every product was asked for");

      CatalogStatus flaggedStatus = status(fixture, "flagged");
      assertEquals(FLAGGED, flaggedStatus.succeeded(), flaggedStatus.toString());
      assertEquals(List.of("de"), flaggedStatus.marketplaces());
      CatalogStatus mixedStatus = status(fixture, "mixed");
      assertEquals(MIXED, mixedStatus.succeeded(), mixedStatus.toString());
      assertEquals(List.of("com", "de"), mixedStatus.marketplaces());
      assertEquals(5, mixedStatus.totalBatches(), "13 de rows and 27 com rows in batches of 10: 2 + 3, not 4");

      CliRun text = cli(fixture, "status", "flagged");
      assertTrue(text.out().contains("market     amazon.de\n"), text.toString());
      JsonNode json = JsonSchemas.assertMatches("status", cli(fixture, "status", "mixed", "--output", "json").out());
      assertEquals("[\"com\",\"de\"]", json.get("marketplaces").toString());
      JsonNode listed = JsonSchemas.assertMatches("list",
          cli(fixture, "list", "--user", "it-user", "--output", "json").out());
      Map<String, String> byCatalog = new HashMap<>();
      listed.get("catalogs").forEach(c ->
          byCatalog.put(c.get("catalog_id").asText(), c.get("marketplaces").toString()));
      assertEquals(Map.of("flagged", "[\"de\"]", "mixed", "[\"com\",\"de\"]"), byCatalog);
      CliRun export = cli(fixture, "export", "flagged", "--format", "json");
      assertEquals("[\"de\"]", JsonSchemas.assertMatches("export", export.out()).get("marketplaces").toString());
      assertTrue(export.err().contains("exported 60 products of amazon.de ("), export.toString());
    }
  }

  private static String asin(int i) {
    return String.format(Locale.ROOT, "B0%08d", i);
  }

  private static void submit(StackFixture fixture, Path file, String id, String... more) {
    List<String> args = new ArrayList<>(List.of(file.toString(), "--catalog-id", id, "--user-id", "it-user",
        "--batch-size", "10"));
    args.addAll(List.of(more));
    CliRun run = cli(fixture, "submit", args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
  }

  private static CliRun cli(StackFixture fixture, String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    all.addAll(List.of(fixture.flags()));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static CatalogStatus status(StackFixture fixture, String id) {
    return new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName()).read(id);
  }

  private static void awaitTerminal(StackFixture fixture, String id) throws InterruptedException {
    CatalogStatus s = Await.catalogTerminal(fixture, id, Duration.ofSeconds(90));
    assertNotNull(s.updatedAt());
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
          java.nio.charset.StandardCharsets.UTF_8));
    }
    return params;
  }
}
