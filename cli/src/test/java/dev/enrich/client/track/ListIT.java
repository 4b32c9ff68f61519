package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.client.submit.CatalogRegistration;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@code enrich list} on the real local servers: many more catalogs than one index page holds, of
 * two users, submitted with the real command line, plus a few registered days ago.
 */
@Tag(StackFixture.AWS_API)
class ListIT {
  private static final String USER = "lister";
  private static final String OTHER = "someone-else";
  private static final int SUBMITTED = 45;
  /** Registered directly, created this many days ago: 2 falls within --since 7d, the others not. */
  private static final int[] DAYS_AGO = {2, 8, 9, 30};
  private static final int PAGE = 10;

  @TempDir static Path dir;
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  /** The user's catalog ids, newest first, as the test made them. */
  private static final List<String> newestFirst = new ArrayList<>();
  private static final Set<String> others = new HashSet<>();

  @BeforeAll
  static void start() throws Exception {
    Path small = Files.writeString(dir.resolve("small.csv"), "sku,asin\nA1,B000000001\nA2,B000000002\nA3,B000000003\n");
    Path tiny = Files.writeString(dir.resolve("tiny.csv"), "sku,asin\nT1,B000000009\n");
    DynamoSubmitLedger ledger = new DynamoSubmitLedger(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName());
    for (int days : DAYS_AGO) {
      String id = "old-" + days + "d";
      ledger.register(new CatalogRegistration(id, USER, "archive.csv", "hash-" + id, 5, 0, 1, 5, 1, Map.of(),
          Instant.now().minus(Duration.ofDays(days))));
      newestFirst.add(0, id);
    }
    long started = System.nanoTime();
    for (int i = 0; i < SUBMITTED; i++) {
      String id = String.format("cat-%02d", i);
      submit(i % 2 == 0 ? small : tiny, id, USER);
      newestFirst.add(0, id);
      if (i % 9 == 4) {
        String other = "other-" + i;
        submit(small, other, OTHER);
        others.add(other);
      }
    }
    System.out.printf("ListIT: %d submits in %d ms%n", SUBMITTED + others.size(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    // The old ones (registered earlier, created days ago) sort after every submitted one.
    List<String> old = new ArrayList<>(newestFirst.subList(SUBMITTED, newestFirst.size()));
    old.sort((a, b) -> Integer.compare(days(a), days(b)));
    newestFirst.subList(SUBMITTED, newestFirst.size()).clear();
    newestFirst.addAll(old);

    try (LocalWorker worker = stack.fixture().worker(4)) {
      worker.start();
      Await.until(() -> stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) == 0, Duration.ofSeconds(60),
          "the worker to drain the queue");
    }
  }

  private static int days(String oldId) {
    return Integer.parseInt(oldId.substring("old-".length(), oldId.length() - 1));
  }

  private static void submit(Path file, String id, String user) {
    CliRun run = CliRun.of(stack.args("submit", file.toString(), "--catalog-id", id, "--user-id", user));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
  }

  private static JsonNode listJson(String... options) {
    List<String> head = new ArrayList<>(List.of("list", "-o", "json", "--page-size", Integer.toString(PAGE)));
    head.addAll(List.of(options));
    CliRun run = CliRun.of(stack.args(head.toArray(String[]::new)));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    return JsonSchemas.assertMatches("list", run.out());
  }

  private static List<String> ids(JsonNode listed) {
    List<String> ids = new ArrayList<>();
    listed.get("catalogs").forEach(c -> ids.add(c.get("catalog_id").asText()));
    return ids;
  }

  @Test
  void list_followsPagesAndShowsEveryCatalogOfTheUserOnce_newestFirst_noneOfOthers() {
    JsonNode listed = listJson("--user", USER, "--limit", "1000");
    List<String> ids = ids(listed);
    assertEquals(newestFirst, ids, "all of the user's catalogs, once each, newest first");
    assertEquals(ids.size(), new HashSet<>(ids).size());
    assertTrue(ids.stream().noneMatch(others::contains), ids.toString());
    assertFalse(listed.get("more").asBoolean());
    assertEquals(USER, listed.get("user_id").asText());
    assertTrue(listed.get("since").isNull());

    Instant previous = Instant.MAX;
    for (JsonNode c : listed.get("catalogs")) {
      Instant at = Instant.parse(c.get("submitted_at").asText());
      assertTrue(at.isBefore(previous), "newest first: " + c);
      previous = at;
    }
  }

  @Test
  void list_showsProgressAndSourceOfEachCatalog() {
    JsonNode listed = listJson("--user", USER, "--limit", "3");
    JsonNode newest = listed.get("catalogs").get(0);
    assertEquals("cat-44", newest.get("catalog_id").asText());
    assertEquals("COMPLETED", newest.get("state").asText());
    assertEquals(3, newest.get("products_done").asInt());
    assertEquals(3, newest.get("total_products").asInt());
    assertEquals(3, newest.get("succeeded").asInt());
    assertEquals(0, newest.get("failed").asInt());
    assertEquals("small.csv", newest.get("source_name").asText());
    JsonNode second = listed.get("catalogs").get(1);
    assertEquals("tiny.csv", second.get("source_name").asText());
    assertEquals(1, second.get("products_done").asInt());

    JsonNode old = listJson("--user", USER, "--limit", "1000").get("catalogs").get(SUBMITTED);
    assertEquals("old-2d", old.get("catalog_id").asText());
    assertEquals("SENDING", old.get("state").asText());
    assertEquals(0, old.get("products_done").asInt());
    assertEquals(5, old.get("total_products").asInt());
  }

  @Test
  void list_honoursTheLimit_andSaysWhetherThereIsMore() {
    JsonNode first = listJson("--user", USER, "--limit", "20");
    assertEquals(newestFirst.subList(0, 20), ids(first));
    assertTrue(first.get("more").asBoolean());
    assertEquals(20, first.get("limit").asInt());

    int all = newestFirst.size();
    JsonNode exact = listJson("--user", USER, "--limit", Integer.toString(all));
    assertEquals(all, ids(exact).size());
    assertFalse(exact.get("more").asBoolean(), "a limit equal to the count leaves nothing more");
    JsonNode oneShort = listJson("--user", USER, "--limit", Integer.toString(all - 1));
    assertEquals(all - 1, ids(oneShort).size());
    assertTrue(oneShort.get("more").asBoolean());
  }

  @Test
  void list_since_leavesOutOlderCatalogs() {
    JsonNode week = listJson("--user", USER, "--since", "7d", "--limit", "1000");
    assertEquals(newestFirst.subList(0, SUBMITTED + 1), ids(week));
    assertEquals("old-2d", ids(week).get(SUBMITTED));
    Instant since = Instant.parse(week.get("since").asText());
    assertTrue(Duration.between(since, Instant.now()).minus(Duration.ofDays(7)).abs().compareTo(Duration.ofMinutes(5)) < 0,
        "since is now minus 7 days: " + since);

    JsonNode recent = listJson("--user", USER, "--since", "30m", "--limit", "1000");
    assertEquals(newestFirst.subList(0, SUBMITTED), ids(recent));
    JsonNode limited = listJson("--user", USER, "--since", "1d", "--limit", "5");
    assertEquals(newestFirst.subList(0, 5), ids(limited));
    assertTrue(limited.get("more").asBoolean());
    JsonNode monthAndMore = listJson("--user", USER, "--since", "5w", "--limit", "1000");
    assertEquals(newestFirst, ids(monthAndMore));
  }

  @Test
  void list_text_isAnAlignedTable_andTellsOfMoreOnStderr() {
    CliRun run = CliRun.of(stack.args("list", "--user", USER, "--limit", "4", "--page-size", "3"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    List<String> lines = run.out().lines().toList();
    assertEquals(5, lines.size(), run.toString());
    assertTrue(lines.get(0).startsWith("CATALOG") && lines.get(0).contains("STATE"), run.toString());
    int stateColumn = lines.get(0).indexOf("STATE");
    for (int i = 1; i < lines.size(); i++) {
      assertTrue(lines.get(i).startsWith(newestFirst.get(i - 1) + " "), run.toString());
      assertEquals("COMPLETED", lines.get(i).substring(stateColumn, stateColumn + "COMPLETED".length()), run.toString());
    }
    assertTrue(lines.get(1).contains("3/3") && lines.get(1).contains("small.csv"), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("more"), run.toString());
  }

  @Test
  void list_ofAUserWithoutCatalogs_saysSoOnStderr_andExits0() {
    CliRun text = CliRun.of(stack.args("list", "--user", "nobody"));
    assertEquals(ExitCodes.OK, text.exitCode(), text.toString());
    assertEquals("", text.out());
    assertTrue(text.err().contains("no catalogs") && text.err().contains("nobody"), text.toString());

    CliRun json = CliRun.of(stack.args("list", "--user", "nobody", "-o", "json"));
    assertEquals(ExitCodes.OK, json.exitCode(), json.toString());
    JsonNode listed = JsonSchemas.assertMatches("list", json.out());
    assertEquals(0, listed.get("catalogs").size());
    assertFalse(listed.get("more").asBoolean());
  }

  @Test
  void list_withoutUser_listsTheConfiguredUser_asSubmitRecordsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("mine.csv"), "sku,asin\nM1,B000000007\n");
    CliRun submit = CliRun.of(stack.args("submit", file.toString(), "--catalog-id", "mine"));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
    CliRun run = CliRun.of(stack.args("list", "-o", "json"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode listed = JsonSchemas.assertMatches("list", run.out());
    assertEquals("mine", listed.get("catalogs").get(0).get("catalog_id").asText(), run.out());
    assertFalse(ids(listed).contains("cat-44"), "another user's catalogs are not listed");
  }

  @Test
  void lister_readsTheIndexInPages_andNeverScans() {
    List<QueryRequest> queries = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    DynamoDbClient real = stack.fixture().stack.dynamoClient();
    DynamoDbClient recording = (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, arguments) -> {
          calls.add(method.getName());
          if (arguments != null && arguments.length == 1 && arguments[0] instanceof QueryRequest q
              && StatusTable.BY_USER_INDEX.equals(q.indexName())) {
            queries.add(q);
          }
          try {
            return method.invoke(real, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    CatalogListing listing = new CatalogLister(recording, stack.fixture().stack.config().tableName(), PAGE, Clock.systemUTC())
        .list(USER, Optional.empty(), 1000);
    assertEquals(newestFirst, listing.catalogs().stream().map(CatalogStatus::catalogId).toList());
    assertFalse(calls.stream().anyMatch(c -> c.startsWith("scan")), calls.toString());
    int pages = (newestFirst.size() + PAGE - 1) / PAGE;
    assertTrue(queries.size() >= pages, queries.size() + " index queries for " + newestFirst.size() + " catalogs");
    assertTrue(queries.stream().allMatch(q -> q.limit() <= PAGE && Boolean.FALSE.equals(q.scanIndexForward())));
    assertTrue(queries.stream().skip(1).allMatch(QueryRequest::hasExclusiveStartKey), "each further page starts after the last");
  }
}
