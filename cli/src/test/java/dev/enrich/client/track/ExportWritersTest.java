package dev.enrich.client.track;

import static dev.enrich.client.track.StoredProducts.attributes;
import static dev.enrich.client.track.StoredProducts.enriched;
import static dev.enrich.client.track.StoredProducts.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.contract.MarketData;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.output.CatalogState;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Reading stored documents back and writing them as CSV and JSON, against documents in memory. */
class ExportWritersTest {

  private static final List<Document> DOCS = List.of(
      enriched("KIT-0002", 3, attributes("size", "L", "color", "Black, matte")),
      failed("KIT-0001", 2, "no identifier Keepa knows: EAN 4006381333931"));

  @Test
  void exportedProduct_readsBackEverythingTheConsumerStores() {
    Document doc = enriched("KIT-0002", 3, attributes("color", "Black"));
    ExportedProduct p = ExportedProduct.from(doc);
    assertEquals("KIT-0002", p.sku());
    assertEquals("ENRICHED", p.status());
    assertNull(p.reason());
    assertEquals("keepa", p.source());
    assertEquals(StoredProducts.AT, p.enrichedAt());
    assertEquals(3L, p.line());
    assertEquals("B#000001", p.batchId());
    assertEquals("036000291452", p.upc());
    assertEquals("49.99", p.price());
    assertEquals(Map.of("color", "Black"), p.attributes());
    // Record equality: a MarketData field the store writes but the export does not read fails here.
    MarketData stored = new MarketData("B000000003", "Chef's Knife", "Hollbrook", "Hollbrook GmbH",
        List.of("Home & Kitchen", "Cutlery"), 4999L, 4500L, null, 4899L, 1234L,
        List.of("https://img.example.invalid/a.jpg", "https://img.example.invalid/b.jpg"),
        List.of("0036000291452"), List.of("036000291452"), Instant.parse("2026-11-29T08:00:00Z"));
    assertEquals(stored, p.market());

    ExportedProduct f = ExportedProduct.from(failed("X", 9, "why"));
    assertEquals("FAILED", f.status());
    assertEquals("why", f.reason());
    assertNull(f.market());
    assertEquals(Map.of(), f.attributes());
  }

  @Test
  void everyMarketDataField_hasACsvColumnAndAJsonKey() throws IOException {
    JsonNode market = JsonSchemas.assertMatches("export", json(List.of(DOCS.get(0))))
        .get("products").get(0).get("market");
    for (RecordComponent c : MarketData.class.getRecordComponents()) {
      String snake = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
      assertTrue(CsvProductWriter.COLUMNS.contains("market_" + snake), "no CSV column market_" + snake);
      assertTrue(market.has(snake), "no JSON key market." + snake);
    }
  }

  @Test
  void csv_headerThenOneRowPerProduct_quotedFlattenedAndInStableColumnOrder() throws IOException {
    String csv = csv(DOCS);
    List<String> expectedHeader = new ArrayList<>(CsvProductWriter.COLUMNS);
    expectedHeader.addAll(List.of("attributes_color", "attributes_size"));
    try (CSVParser parser = CSVParser.parse(new StringReader(csv),
        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
      assertEquals(expectedHeader, parser.getHeaderNames());
      List<CSVRecord> rows = parser.getRecords();
      assertEquals(2, rows.size(), csv);

      CSVRecord knife = rows.get(0); // the writer keeps the order it is given (the source sorts)
      assertEquals("KIT-0002", knife.get("sku"));
      assertEquals("ENRICHED", knife.get("status"));
      assertEquals("", knife.get("reason"));
      assertEquals("keepa", knife.get("source"));
      assertEquals("2026-11-30T10:15:30.123Z", knife.get("enriched_at"));
      assertEquals("3", knife.get("line"));
      assertEquals("8\" Chef's Knife, German Steel", knife.get("title"));
      assertEquals("49.99", knife.get("price"));
      assertEquals("Home & Kitchen > Cutlery", knife.get("market_categories"));
      assertEquals("4999", knife.get("market_amazon_price_cents"));
      assertEquals("", knife.get("market_used_price_cents"));
      assertEquals("https://img.example.invalid/a.jpg https://img.example.invalid/b.jpg",
          knife.get("market_images"));
      assertEquals("2026-11-29T08:00:00Z", knife.get("market_last_update"));
      assertEquals("Black, matte", knife.get("attributes_color"));
      assertEquals("L", knife.get("attributes_size"));

      CSVRecord other = rows.get(1);
      assertEquals("KIT-0001", other.get("sku"));
      assertEquals("FAILED", other.get("status"));
      assertEquals("no identifier Keepa knows: EAN 4006381333931", other.get("reason"));
      assertEquals("Multi\nline title", other.get("title"));
      assertEquals("", other.get("market_asin"));
      assertEquals("", other.get("attributes_color"));
      assertEquals(expectedHeader.size(), other.size());
    }
  }

  @Test
  void csv_ofNoProducts_isTheHeaderAlone() throws IOException {
    assertEquals(String.join(",", CsvProductWriter.COLUMNS) + "\r\n", csv(List.of()));
  }

  @Test
  void json_isOneDocumentMatchingTheSchema_withOneProductALine() throws IOException {
    String json = json(DOCS);
    JsonNode doc = JsonSchemas.assertMatches("export", json);
    assertEquals("cat", doc.get("catalog_id").asText());
    assertEquals("COMPLETED_WITH_FAILURES", doc.get("state").asText());
    assertEquals("[\"com\",\"de\"]", doc.get("marketplaces").toString());
    JsonNode first = doc.get("products").get(0);
    assertEquals("KIT-0002", first.get("sku").asText());
    assertTrue(first.get("reason").isNull(), "every key present, null when absent");
    assertEquals("Black, matte", first.get("attributes").get("color").asText());
    assertEquals(4999, first.get("market").get("amazon_price_cents").asLong());
    assertTrue(first.get("market").get("used_price_cents").isNull());
    assertEquals("Cutlery", first.get("market").get("categories").get(1).asText());
    JsonNode second = doc.get("products").get(1);
    assertEquals("FAILED", second.get("status").asText());
    assertTrue(second.get("market").isNull());
    assertEquals("Multi\nline title", second.get("title").asText());
    assertEquals(2, doc.get("summary").get("products").asLong());
    assertEquals(1, doc.get("summary").get("enriched").asLong());
    assertEquals(1, doc.get("summary").get("failed").asLong());

    List<String> lines = json.lines().toList();
    assertEquals(4, lines.size(), json);
    assertTrue(lines.get(0).endsWith("\"products\":["), lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"sku\":\"KIT-0002\"") && lines.get(1).endsWith("},"), lines.get(1));
    assertTrue(lines.get(2).startsWith("{\"sku\":\"KIT-0001\"") && lines.get(2).endsWith("}"), lines.get(2));
    assertTrue(lines.get(3).startsWith("],\"summary\":"), lines.get(3));
  }

  @Test
  void csv_writesEveryFormulaLeadingCellAsText_rawLeavesThem_andJsonIsUnchanged() throws IOException {
    String[] formulas = {"=HYPERLINK(\"http://evil.example\",\"click\")", "+cmd|' /C calc'!A0", "-2+3",
        "@SUM(A1:A9)", "\t=1+1"};
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < formulas.length; i++) {
      Document doc = enriched("=SKU-" + i, i + 1, attributes("note", formulas[i]));
      doc.get(ProductDocument.INPUT, Document.class).put(ProductDocument.Input.TITLE, formulas[i]);
      doc.get(ProductDocument.DATA, Document.class).put(ProductDocument.Data.TITLE, formulas[i]);
      docs.add(doc);
    }
    docs.add(enriched("PLAIN", 9, attributes("note", "-12.5")));

    List<CSVRecord> safe = records(csv(docs, false));
    List<CSVRecord> raw = records(csv(docs, true));
    int neutralised = 0;
    for (int r = 0; r < safe.size(); r++) {
      for (int c = 0; c < safe.get(r).size(); c++) {
        String stored = raw.get(r).get(c);
        String written = safe.get(r).get(c);
        boolean formula = !stored.isEmpty() && "=+-@\t\r".indexOf(stored.charAt(0)) >= 0
            && !stored.matches("[+-]?\\d+(\\.\\d+)?");
        assertEquals(formula ? "'" + stored : stored, written, "row " + r + ", column " + c);
        neutralised += formula ? 1 : 0;
      }
    }
    // Per formula product: the SKU, the title, the market title and the attribute.
    assertEquals(formulas.length * 4, neutralised);
    assertEquals("-12.5", safe.get(safe.size() - 1).get("attributes_note"), "a plain number stays a number");

    JsonNode products = JsonSchemas.assertMatches("export", json(docs)).get("products");
    for (int i = 0; i < formulas.length; i++) {
      assertEquals(formulas[i], products.get(i).get("title").asText(), "JSON keeps the text as stored");
    }
  }

  private static List<CSVRecord> records(String csv) throws IOException {
    try (CSVParser parser = CSVParser.parse(new StringReader(csv),
        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
      return parser.getRecords();
    }
  }

  @Test
  void json_ofNoProducts_matchesTheSchema() throws IOException {
    String json = json(List.of());
    JsonNode doc = JsonSchemas.assertMatches("export", json);
    assertEquals(0, doc.get("products").size());
    assertEquals(0, doc.get("summary").get("products").asLong());
  }

  private static String csv(List<Document> docs) throws IOException {
    return csv(docs, false);
  }

  private static String csv(List<Document> docs, boolean raw) throws IOException {
    StringWriter out = new StringWriter();
    CsvProductWriter writer =
        new CsvProductWriter(out, new StoredProducts.ListSource(docs).attributeKeys("cat"), raw);
    return write(writer, docs, out);
  }

  private static String json(List<Document> docs) throws IOException {
    StringWriter out = new StringWriter();
    JsonProductWriter writer = new JsonProductWriter(out, "cat", CatalogState.COMPLETED_WITH_FAILURES,
        Instant.parse("2026-11-30T11:00:00Z"), List.of("com", "de"));
    return write(writer, docs, out);
  }

  private static String write(ProductWriter writer, List<Document> docs, StringWriter out) throws IOException {
    writer.start();
    ExportCounts counts = ExportCounts.NONE;
    for (Iterator<Document> it = docs.iterator(); it.hasNext(); ) {
      ExportedProduct p = ExportedProduct.from(it.next());
      writer.write(p);
      counts = counts.plus(p);
    }
    writer.finish(counts);
    return out.toString();
  }
}
