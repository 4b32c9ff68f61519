package dev.enrich.client.track;

import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit -> worker (real handler) -> MongoDB -> {@code enrich export}, on the real local servers.
 * The electronics catalog (2,500 products) takes three cursor batches, so the export reads across
 * getMore round trips, not one reply.
 */
@Tag(StackFixture.AWS_API)
class ExportIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ELECTRONICS = "electronics";
  private static final String KITCHEN = "kitchen";
  private static final String FAILED_SKU = "KIT-0007";
  private static final String FAILED_REASON = "Keepa knows no product for EAN 5908058742246";

  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  @TempDir Path dir;

  @BeforeAll
  static void enrichTwoCatalogs() throws Exception {
    submit("electronics-2500.ndjson", ELECTRONICS, 2500);
    submit("kitchen-12.csv", KITCHEN, 12);
    try (LocalWorker worker = stack.fixture().worker(4)) {
      worker.start();
      awaitTerminal(ELECTRONICS);
      awaitTerminal(KITCHEN);
    }
    // The mock provider enriches every valid product; a product as a provider stores its failure
    // (Keepa: not found) is one document rewritten the way MongoProductStore writes a failed result.
    assertEquals(1, stack.fixture().products().updateOne(
        Filters.and(Filters.eq("catalog_id", KITCHEN), Filters.eq("sku", FAILED_SKU)),
        Updates.combine(Updates.set("status", "FAILED"), Updates.set("reason", FAILED_REASON),
            Updates.set("source", "keepa"), Updates.unset("data"))).getModifiedCount());
  }

  @Test
  void csv_hasAHeaderAndOneRowPerProduct_withTheCatalogsSkusInOrder() throws IOException {
    CliRun run = export(ELECTRONICS, "--format", "csv");
    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    List<CSVRecord> rows;
    List<String> header;
    try (CSVParser parser = CSVParser.parse(run.out(), CSVFormat.RFC4180.builder().setHeader().build())) {
      header = parser.getHeaderNames();
      rows = parser.getRecords();
    }
    assertEquals(CsvProductWriter.COLUMNS, header.subList(0, CsvProductWriter.COLUMNS.size()));
    assertEquals(List.of("attributes_category", "attributes_color"),
        header.subList(CsvProductWriter.COLUMNS.size(), header.size()), "the file's extra keys, sorted");
    assertEquals(2500, rows.size());
    assertEquals(sortedSkus("electronics-2500.ndjson"), rows.stream().map(r -> r.get("sku")).toList());
    for (CSVRecord row : rows) {
      assertEquals("ENRICHED", row.get("status"), row.toString());
      assertEquals("", row.get("reason"), row.toString());
      assertEquals("mock", row.get("source"));
      assertFalse(row.get("enriched_at").isEmpty());
      assertTrue(row.get("market_asin").startsWith("B0"), row.toString());
      assertTrue(row.get("market_categories").contains(" > "), row.toString());
    }
    assertTrue(rows.stream().anyMatch(r -> !r.get("attributes_category").isEmpty()));
    assertEquals("exported 2,500 products of amazon.com (2,500 enriched, 0 failed) to stdout\n", run.err());
  }

  @Test
  void formulaText_comesBackAsTextInCsv_asStoredWithRaw_andInJson() throws Exception {
    String formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
    Path catalog = dir.resolve("formula.csv");
    Files.writeString(catalog, "sku,asin,title,note\n"
        + "F-1,B000000001,\"" + formula.replace("\"", "\"\"") + "\",@SUM(A1:A2)\n"
        + "F-2,B000000002,Plain title,-12.5\n");
    CliRun sent = CliRun.of(stack.args("submit", catalog.toString(), "--catalog-id", "formula"));
    assertEquals(ExitCodes.OK, sent.exitCode(), sent.toString());
    try (LocalWorker worker = stack.fixture().worker(1)) {
      worker.start();
      awaitTerminal("formula");
    }
    Map<String, CSVRecord> safe = bySku(export("formula", "--format", "csv"));
    assertEquals("'" + formula, safe.get("F-1").get("title"));
    assertEquals("'@SUM(A1:A2)", safe.get("F-1").get("attributes_note"));
    assertEquals("-12.5", safe.get("F-2").get("attributes_note"), "a plain number stays a number");
    Map<String, CSVRecord> raw = bySku(export("formula", "--format", "csv", "--raw"));
    assertEquals(formula, raw.get("F-1").get("title"));
    assertEquals("@SUM(A1:A2)", raw.get("F-1").get("attributes_note"));
    CliRun json = export("formula", "--format", "json");
    assertEquals(ExitCodes.OK, json.exitCode(), json.err());
    assertEquals(formula, JSON.readTree(json.out()).get("products").get(0).get("title").asText());
  }

  private static Map<String, CSVRecord> bySku(CliRun run) throws IOException {
    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    Map<String, CSVRecord> rows = new java.util.HashMap<>();
    try (CSVParser parser = CSVParser.parse(run.out(), CSVFormat.RFC4180.builder().setHeader().build())) {
      parser.forEach(r -> rows.put(r.get("sku"), r));
    }
    return rows;
  }

  @Test
  void json_matchesTheSchema_andHoldsEveryProductOnce() throws IOException {
    CliRun run = export(ELECTRONICS, "--format", "json");
    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    JsonNode doc = JsonSchemas.assertMatches("export", run.out());
    assertEquals(ELECTRONICS, doc.get("catalog_id").asText());
    assertEquals("COMPLETED", doc.get("state").asText());
    List<String> skus = new ArrayList<>();
    doc.get("products").forEach(p -> skus.add(p.get("sku").asText()));
    assertEquals(sortedSkus("electronics-2500.ndjson"), skus);
    assertEquals(2500, doc.get("summary").get("enriched").asLong());
    assertEquals(2500 + 2, run.out().lines().count(), "one product a line");
  }

  @Test
  void failedProducts_areRowsWithTheirStatusAndReason_andTheExportStillSucceeds() throws IOException {
    CliRun csv = export(KITCHEN);
    assertEquals(ExitCodes.OK, csv.exitCode(), csv.err());
    try (CSVParser parser = CSVParser.parse(csv.out(), CSVFormat.RFC4180.builder().setHeader().build())) {
      List<CSVRecord> rows = parser.getRecords();
      assertEquals(sortedSkus("kitchen-12.csv"), rows.stream().map(r -> r.get("sku")).toList());
      CSVRecord failed = rows.stream().filter(r -> r.get("sku").equals(FAILED_SKU)).findFirst().orElseThrow();
      assertEquals("FAILED", failed.get("status"));
      assertEquals(FAILED_REASON, failed.get("reason"));
      assertEquals("", failed.get("market_asin"));
      assertFalse(failed.get("title").isEmpty(), "the submitted data stays with a failed product");
      // Quoted titles of the sample (embedded "" and commas) come back as submitted.
      assertTrue(rows.stream().anyMatch(r -> r.get("title").equals("8\" Chef's Knife, German Stainless Steel")));
    }
    assertTrue(csv.err().contains("exported 12 products of amazon.com (11 enriched, 1 failed) to stdout"), csv.err());

    CliRun json = export(KITCHEN, "--format", "json");
    JsonNode doc = JsonSchemas.assertMatches("export", json.out());
    JsonNode failed = null;
    for (JsonNode p : doc.get("products")) {
      if (p.get("sku").asText().equals(FAILED_SKU)) {
        failed = p;
      }
    }
    assertEquals(FAILED_REASON, failed.get("reason").asText());
    assertTrue(failed.get("market").isNull());
    assertEquals(1, doc.get("summary").get("failed").asLong());
  }

  @Test
  void out_writesTheFileWhole_leavesNoTemporaryFile_andReplacesOnlyWithForce() throws IOException {
    Path file = dir.resolve("kitchen.json");
    CliRun first = export(KITCHEN, "--out", file.toString());
    assertEquals(ExitCodes.OK, first.exitCode(), first.err());
    assertEquals("", first.out(), "data went to the file");
    assertTrue(first.err().contains("to " + file), first.err());
    JsonSchemas.assertMatches("export", Files.readString(file)); // JSON, from the extension
    assertEquals(List.of(file), list(dir));

    byte[] before = Files.readAllBytes(file);
    CliRun again = export(KITCHEN, "--out", file.toString(), "--format", "csv");
    assertEquals(ExitCodes.USAGE, again.exitCode(), again.toString());
    assertEquals(1, again.err().lines().count(), again.toString());
    assertTrue(again.err().contains("already exists (use --force"), again.err());
    assertArrayEquals(before, Files.readAllBytes(file));

    CliRun forced = export(KITCHEN, "--out", file.toString(), "--format", "csv", "--force");
    assertEquals(ExitCodes.OK, forced.exitCode(), forced.err());
    assertTrue(Files.readString(file).startsWith("sku,status,reason,"));
    assertEquals(List.of(file), list(dir));
  }

  @Test
  void unknownCatalog_exits3_inOneLine_andWritesNothing() throws IOException {
    Path file = dir.resolve("none.csv");
    CliRun run = export("no-such-catalog", "--out", file.toString());
    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("no-such-catalog"), run.toString());
    assertEquals(List.of(), list(dir));
  }

  @Test
  void catalogStillQueued_isExportedAsFarAsItGot_withANote() throws Exception {
    submit("outdoor-80.json", "outdoor-queued", 80); // no worker runs any more
    CliRun run = export("outdoor-queued");
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    assertEquals(1, run.out().lines().count(), "the header alone: " + run.out());
    assertTrue(run.err().contains("outdoor-queued is QUEUED"), run.err());
  }

  @Test
  void unreachableMongo_exits4_inOneLine_withoutThePassword() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path file = dir.resolve("k.csv");
    List<String> args = new ArrayList<>(List.of("export", KITCHEN, "--out", file.toString(),
        "--mongodb-uri", "mongodb://alice:s3cret-pw@127.0.0.1:" + closed + "/?serverSelectionTimeoutMS=500"));
    args.addAll(flagsWithoutMongo());
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCodes.REMOTE, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("cannot reach MongoDB at 127.0.0.1:" + closed), run.err());
    assertFalse(run.err().contains("s3cret-pw"), run.err());
    assertEquals(List.of(), list(dir));
  }

  private static CliRun export(String catalogId, String... options) {
    List<String> args = new ArrayList<>(List.of("export", catalogId));
    args.addAll(List.of(options));
    args.addAll(List.of(stack.fixture().flags()));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static List<String> flagsWithoutMongo() {
    List<String> flags = new ArrayList<>(List.of(stack.fixture().flags()));
    int at = flags.indexOf("--mongodb-uri");
    flags.subList(at, at + 2).clear();
    return flags;
  }

  private static void submit(String sample, String catalogId, int products) throws IOException {
    CliRun run = CliRun.of(stack.args("submit", sample(sample).toString(), "--catalog-id", catalogId,
        "-o", "json"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    assertEquals(products, JSON.readTree(run.out()).get("products").asInt(), run.toString());
  }

  private static void awaitTerminal(String catalogId) throws InterruptedException {
    Await.catalogTerminal(stack.fixture(), catalogId, Duration.ofSeconds(120));
  }

  /** The SKUs of a sample catalog, read independently of the CLI's readers, in MongoDB's order. */
  private static List<String> sortedSkus(String name) throws IOException {
    Path file = sample(name);
    if (name.endsWith(".ndjson")) {
      try (Stream<String> lines = Files.lines(file)) {
        return lines.filter(l -> !l.isBlank()).map(l -> readSku(l)).sorted().toList();
      }
    }
    try (CSVParser parser = CSVParser.parse(file, java.nio.charset.StandardCharsets.UTF_8,
        CSVFormat.RFC4180.builder().setHeader().build())) {
      return parser.stream().map(r -> r.get("sku")).sorted().toList();
    }
  }

  private static String readSku(String json) {
    try {
      return JSON.readTree(json).get("sku").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
