package dev.enrich.client.catalog;

import static dev.enrich.client.catalog.CatalogPasses.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import dev.enrich.client.EnrichException;
import dev.enrich.contract.Product;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every catalog format read end to end: both passes of {@link Catalog}, or the validate command. */
class CatalogFormatsTest {
  private static final String UPC_1 = "036000291452";
  private static final String UPC_2 = "012345678905";
  private static final String UPC_3 = "042100005264";
  private static final String UPC_BAD_CHECK_DIGIT = "036000291453";

  @TempDir Path dir;

  private static List<Long> lines(List<Product> products) {
    return products.stream().map(Product::line).toList();
  }

  private static void assertOneErrorLine(CliRun run, String... parts) {
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), () -> "one line on stderr expected\n" + run);
    for (String part : parts) {
      assertTrue(run.err().contains(part), () -> "expected <" + part + "> on stderr\n" + run);
    }
    assertFalse(run.err().contains("Exception") || run.err().contains("Error:") || run.err().contains("\tat "),
        () -> "no exception or stack trace expected\n" + run);
    assertEquals("", run.out(), run.toString());
  }

  @Test
  void csv_quotedMultiLineFieldsAndEmbeddedQuotes_keepTheLineOfEveryRecord() {
    Path file = write(dir, "catalog.csv", """
        sku,title,upc,description
        A1,"8"" Chef's Knife",%s,plain
        A2,"Skillet, 12 inch",%s,"first line
        second line
        a ""quoted"" line"
        A3,Trowel,%s,x
        A4,Bad code,%s,y
        """.formatted(UPC_1, UPC_2, UPC_3, UPC_BAD_CHECK_DIGIT));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of("A1", "A2", "A3"), read.skus());
    assertEquals(List.of(2L, 3L, 6L), lines(read.accepted()));
    assertEquals("8\" Chef's Knife", read.product("A1").title());
    assertEquals("Skillet, 12 inch", read.product("A2").title());
    assertEquals("first line\nsecond line\na \"quoted\" line", read.product("A2").attributes().get("description"));
    assertEquals(1, read.rejections().size(), read.rejections()::toString);
    assertEquals(7, read.rejections().get(0).line());
    assertEquals("upc", read.rejections().get(0).field());
    assertEquals(read.accepted(), read.replayed());
  }

  @Test
  void csv_multiLineCellEndingInALineBreak_isReportedOnTheLineItStarts() {
    // Shopify's Body (HTML) and pasted descriptions often end with a line break inside the quotes.
    Path file = write(dir, "catalog.csv", """
        sku,upc,description
        A1,%s,"<p>Soft cotton</p>
        "
        A2,%s,x
        A3,%s,"
        <p>Stoneware</p>"
        """.formatted(UPC_1, UPC_2, UPC_BAD_CHECK_DIGIT));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals(List.of(2L, 4L, 5L), List.of(read.product("A1").line(), read.product("A2").line(),
        read.rejections().get(0).line()), "A1 starts on line 2, A2 on line 4, A3 on line 5");
  }

  @Test
  void csv_crlfLineEndings_leaveNoCarriageReturnInValuesAndCountLines() {
    Path file = write(dir, "catalog.csv", ("sku,title,upc\r\n"
        + "A1,Knife,%s\r\n"
        + "A2,\"two\r\nlines\",%s\r\n"
        + "\r\n"
        + "A3,Trowel,%s\r\n").formatted(UPC_1, UPC_2, UPC_BAD_CHECK_DIGIT));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals(List.of(2L, 3L), lines(read.accepted()));
    assertEquals("Knife", read.product("A1").title());
    assertEquals(UPC_1, read.product("A1").upc());
    assertEquals("two\r\nlines", read.product("A2").title());
    assertEquals(6, read.rejections().get(0).line(), "the blank line counts");
    assertEquals(read.accepted(), read.replayed());
  }

  @Test
  void tsv_byExtension_keepsCommasInsideValues() {
    Path file = write(dir, "catalog.tsv", "sku\ttitle\tupc\tprice\n"
        + "A1\tKnife, 8 inch, steel\t" + UPC_1 + "\t49.99\n"
        + "A2\tPan\t" + UPC_2 + "\t12,50\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(CatalogFormat.TSV, read.scan().layout().format());
    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals("Knife, 8 inch, steel", read.product("A1").title());
    assertEquals("12.50", read.product("A2").price());
    assertEquals(read.accepted(), read.replayed());
  }

  @Test
  void semicolonSeparated_isDetectedFromTheContent_withDecimalCommaPrices() {
    Path file = write(dir, "export.csv", """
        sku;title;price;upc
        A1;Tasse, blau;12,99;%s
        A2;Teller;1.234,50;%s
        """.formatted(UPC_1, UPC_2));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(new Layout(CatalogFormat.CSV, ';', false), read.scan().layout());
    assertEquals("Tasse, blau", read.product("A1").title());
    assertEquals("12.99", read.product("A1").price());
    assertEquals("1234.50", read.product("A2").price());
    CliRun run = CliRun.of("validate", file.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("CSV (';'-separated), 2 valid products"), run.toString());
  }

  @Test
  void pipeSeparated_isDetectedFromTheContent() {
    Path file = write(dir, "export.csv", """
        sku|title|upc|price
        A1|Knife, 8 inch|%s|49.99
        A2|Pan|%s|12.00
        """.formatted(UPC_1, UPC_2));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(new Layout(CatalogFormat.CSV, '|', false), read.scan().layout());
    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals("Knife, 8 inch", read.product("A1").title());
    assertEquals(UPC_2, read.product("A2").upc());
  }

  @Test
  void txtFile_withTabs_isSniffedAsTsv() {
    Path file = write(dir, "Inventory Report.txt", "sku\ttitle\tupc\n"
        + "A1\tKnife, 8 inch\t" + UPC_1 + "\n"
        + "A2\tPan\t" + UPC_2 + "\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(CatalogFormat.TSV, read.scan().layout().format());
    assertEquals("Knife, 8 inch", read.product("A1").title());
    CliRun run = CliRun.of("validate", file.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("TSV, 2 valid products"), run.toString());
  }

  @Test
  void utf8_withAndWithoutByteOrderMark_readTheSameProducts() {
    String csv = "sku,title,upc\nA1,Crème brûlée dish,%s\nA2,Größe 日本,%s\n".formatted(UPC_1, UPC_2);
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Path plain = write(dir, "plain.csv", csv);
    Path marked = write(dir, "marked.csv", concat(bom, csv.getBytes(UTF_8)));
    Path markedJson = write(dir, "marked.json", concat(bom,
        ("[{\"sku\": \"A1\", \"title\": \"Crème brûlée dish\", \"upc\": \"" + UPC_1 + "\"},"
            + "\n{\"sku\": \"A2\", \"title\": \"Größe 日本\", \"upc\": \"" + UPC_2 + "\"}]").getBytes(UTF_8)));

    for (Path file : List.of(plain, marked, markedJson)) {
      CatalogPasses read = CatalogPasses.of(file);
      assertEquals(List.of("A1", "A2"), read.skus(), file::toString);
      assertEquals("Crème brûlée dish", read.product("A1").title(), file::toString);
      assertEquals("Größe 日本", read.product("A2").title(), file::toString);
      assertEquals(Map.of(), read.product("A1").attributes(), file::toString);
    }
    CliRun run = CliRun.of("validate", marked.toString());
    assertEquals(0, run.exitCode(), run.toString());
  }

  @Test
  void windows1252_withEncodingOption_readsByteE9AsEAcute() {
    byte[] bytes = concat("sku,title,upc\nA1,Caf".getBytes(UTF_8), new byte[] {(byte) 0xE9},
        (" cr\u00E8me,%s\n").formatted(UPC_1).getBytes(Charset.forName("windows-1252")));
    Path file = write(dir, "latin.csv", bytes);

    CatalogPasses read = CatalogPasses.of(file, Charset.forName("windows-1252"), Optional.empty(), ColumnMap.standard());
    assertEquals("Café crème", read.product("A1").title());

    CliRun ok = CliRun.of("validate", file.toString(), "--encoding", "windows-1252");
    assertEquals(0, ok.exitCode(), ok.toString());
    CliRun asUtf8 = CliRun.of("validate", file.toString());
    assertOneErrorLine(asUtf8, file + ":2:", "--encoding");
  }

  @Test
  void invalidUtf8_onLine3_isExit2NamingTheLine() {
    byte[] bytes = concat(("sku,title,upc\nA1,Knife," + UPC_1 + "\nA2,Pan ").getBytes(UTF_8),
        new byte[] {(byte) 0xFF, (byte) 0xFE}, (",%s\nA3,Trowel,%s\n".formatted(UPC_2, UPC_3)).getBytes(UTF_8));
    Path file = write(dir, "broken.csv", bytes);

    CliRun run = CliRun.of("validate", file.toString());

    assertOneErrorLine(run, file + ":3: not valid UTF-8 (byte 0xFF at offset 43)", "--encoding");
  }

  @Test
  void invalidUtf8_inJsonAndNdjson_isExit2NamingTheLine() {
    byte[] bad = {(byte) 0xC3, (byte) 0x28};
    Path json = write(dir, "broken.json", concat(("[\n{\"sku\": \"A1\", \"upc\": \"" + UPC_1 + "\"},\n{\"sku\": \"A2\", \"title\": \"")
        .getBytes(UTF_8), bad, ("\", \"upc\": \"" + UPC_2 + "\"}\n]\n").getBytes(UTF_8)));
    Path ndjson = write(dir, "broken.ndjson", concat(("{\"sku\": \"A1\", \"upc\": \"" + UPC_1 + "\"}\n\n{\"sku\": \"A2\", \"title\": \"")
        .getBytes(UTF_8), bad, ("\", \"upc\": \"" + UPC_2 + "\"}\n").getBytes(UTF_8)));

    assertAll(
        () -> assertOneErrorLine(CliRun.of("validate", json.toString()), json + ":3: not valid UTF-8"),
        () -> assertOneErrorLine(CliRun.of("validate", ndjson.toString()), ndjson + ":3: not valid UTF-8"));
  }

  @Test
  void invalidUtf8_inTheHeader_isExit2NamingLine1() {
    byte[] bytes = concat("sku,ti".getBytes(UTF_8), new byte[] {(byte) 0xE9}, ("tle,upc\nA1,Knife," + UPC_1 + "\n").getBytes(UTF_8));
    Path file = write(dir, "header.csv", bytes);

    assertOneErrorLine(CliRun.of("validate", file.toString()), file + ":1: not valid UTF-8");
  }

  @Test
  void invalidUtf8_inAFileWithCarriageReturnLineEnds_namesItsLine() {
    // Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR, which the CSV reader counts as a line.
    byte[] bytes = concat(("sku,title,upc\rA1,Knife," + UPC_1 + "\rA2,Caf").getBytes(UTF_8), new byte[] {(byte) 0xE9},
        (",%s\r".formatted(UPC_2)).getBytes(UTF_8));
    Path file = write(dir, "mac.csv", bytes);

    assertOneErrorLine(CliRun.of("validate", file.toString()), file + ":3: not valid UTF-8");
  }

  @Test
  void unknownEncoding_isExit2NamingIt() {
    Path file = write(dir, "catalog.csv", "sku,upc\nA1," + UPC_1 + "\n");

    assertOneErrorLine(CliRun.of("validate", file.toString(), "--encoding", "latin-42"),
        "--encoding latin-42: unknown character encoding");
  }

  @Test
  void invalidUtf8_farIntoALargeFile_namesItsLine() {
    StringBuilder csv = new StringBuilder("sku,title,asin\n");
    for (int i = 2; i < 5000; i++) {
      csv.append(String.format("SKU-%05d,A product title long enough to span buffers,B%09d\n", i, i));
    }
    byte[] bytes = concat(csv.toString().getBytes(UTF_8), "SKU-bad,Caf".getBytes(UTF_8), new byte[] {(byte) 0xE9},
        ",B000000001\nSKU-last,Last,B000000002\n".getBytes(UTF_8));
    Path file = write(dir, "large.csv", bytes);
    assertTrue(bytes.length > 3 * 64 * 1024, "the file must span several decoder buffers");

    CliRun run = CliRun.of("validate", file.toString());

    assertOneErrorLine(run, file + ":5000: not valid UTF-8 (byte 0xE9 at offset "
        + String.format(java.util.Locale.ROOT, "%,d", csv.toString().getBytes(UTF_8).length + "SKU-bad,Caf".length()) + ")");
  }

  @Test
  void jsonArray_readsObjectsWithTheirLines_andNestedValuesAsJsonText() {
    Path file = write(dir, "catalog.json", """
        [
          {"sku": "A1", "upc": "%s", "title": "Knife", "price": 12.5, "tags": ["steel", "chef"], "stock": null},
          {"sku": "A2", "asin": "b00x4whp5e"},
          {"sku": "A3", "upc": "%s"}
        ]
        """.formatted(UPC_1, UPC_BAD_CHECK_DIGIT));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(new Layout(CatalogFormat.JSON, ',', false), read.scan().layout());
    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals(List.of(2L, 3L), lines(read.accepted()));
    assertEquals("12.5", read.product("A1").price());
    assertEquals(Map.of("tags", "[\"steel\",\"chef\"]"), read.product("A1").attributes());
    assertEquals("B00X4WHP5E", read.product("A2").asin());
    assertEquals(4, read.rejections().get(0).line());
    assertEquals("upc", read.rejections().get(0).field());
    assertEquals(read.accepted(), read.replayed());
  }

  @Test
  void jsonObject_withOtherFieldsBeforeItsProductsArray() {
    Path file = write(dir, "export.json", """
        {
          "seller": "Acme",
          "exported": {"at": "2024-05-01T10:00:00Z", "by": ["ops", {"products": []}]},
          "count": 2,
          "products": [
            {"sku": "A1", "upc": "%s"},
            {"sku": "A2", "upc": "%s"}
          ],
          "next": null
        }
        """.formatted(UPC_1, UPC_2));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(new Layout(CatalogFormat.JSON, ',', true), read.scan().layout());
    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals(List.of(6L, 7L), lines(read.accepted()));
    assertEquals(read.accepted(), read.replayed());
  }

  @Test
  void jsonObject_onOneLine_withProductsArray_isNotTakenForNdjson() {
    Path file = write(dir, "export.json", "{\"seller\": \"Acme\", \"products\": [{\"sku\": \"A1\", \"upc\": \"" + UPC_1
        + "\"}, {\"sku\": \"A2\", \"upc\": \"" + UPC_2 + "\"}]}\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(new Layout(CatalogFormat.JSON, ',', true), read.scan().layout());
    assertEquals(List.of("A1", "A2"), read.skus());
  }

  @Test
  void ndjson_withBlankLines_countsThemInLineNumbers() {
    Path file = write(dir, "catalog.ndjson", """
        {"sku": "A1", "upc": "%s"}

        {"sku": "A2", "upc": "%s"}
           \s
        {"sku": "A3", "upc": "%s"}
        {"sku": "A4", "upc":
        {"sku": "A5", "asin": "B00X4WHP5E"}
        """.formatted(UPC_1, UPC_2, UPC_BAD_CHECK_DIGIT));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(CatalogFormat.NDJSON, read.scan().layout().format());
    assertEquals(List.of("A1", "A2", "A5"), read.skus());
    assertEquals(List.of(1L, 3L, 7L), lines(read.accepted()));
    assertEquals(List.of(5L, 6L), read.rejections().stream().map(Rejection::line).toList());
    assertEquals(List.of("upc", "(record)"), read.rejections().stream().map(Rejection::field).toList());
    assertEquals(read.accepted(), read.replayed());
  }

  @Test
  void jsonExtension_holdingNdjson_isReadAsNdjson() {
    Path file = write(dir, "catalog.json", """
        {"sku": "A1", "upc": "%s"}
        {"sku": "A2", "upc": "%s"}
        """.formatted(UPC_1, UPC_2));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(CatalogFormat.NDJSON, read.scan().layout().format());
    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals(List.of(1L, 2L), lines(read.accepted()));
  }

  @Test
  void formatOption_overridesTheExtension() {
    Path file = write(dir, "catalog.csv", """
        {"sku": "A1", "upc": "%s", "title": "Knife, 8 inch"}
        {"sku": "A2", "upc": "%s"}
        """.formatted(UPC_1, UPC_2));

    CatalogPasses read = CatalogPasses.of(file, UTF_8, Optional.of(CatalogFormat.NDJSON), ColumnMap.standard());
    assertEquals(CatalogFormat.NDJSON, read.scan().layout().format());
    assertEquals("Knife, 8 inch", read.product("A1").title());

    CliRun run = CliRun.of("validate", file.toString(), "--format", "ndjson");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("NDJSON, 2 valid products"), run.toString());
  }

  @Test
  void stdin_isSpooledAndReadTwice_thenRemoved() {
    byte[] csv = ("sku,title,upc\nA1,Knife," + UPC_1 + "\nA1,Again," + UPC_2 + "\nA2,Pan," + UPC_3 + "\n").getBytes(UTF_8);
    Path spool;
    CatalogPasses read;
    try (CatalogInput input = CatalogInput.open("-", UTF_8, Optional.empty(), new ByteArrayInputStream(csv))) {
      assertEquals("stdin", input.displayName());
      spool = input.path();
      read = CatalogPasses.of(input, ColumnMap.standard());
    }

    assertEquals(CatalogFormat.CSV, read.scan().layout().format());
    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals(List.of(2L, 4L), lines(read.accepted()));
    assertEquals(3, read.rejections().get(0).line());
    assertEquals(read.accepted(), read.replayed());
    assertFalse(Files.exists(spool), "the spool file is removed on close");
  }

  @Test
  void stdin_ndjson_isSniffedFromTheContent() {
    byte[] ndjson = ("{\"sku\": \"A1\", \"upc\": \"" + UPC_1 + "\"}\n{\"sku\": \"A2\", \"upc\": \"" + UPC_2 + "\"}\n")
        .getBytes(UTF_8);
    try (CatalogInput input = CatalogInput.open("-", UTF_8, Optional.empty(), new ByteArrayInputStream(ndjson))) {
      CatalogPasses read = CatalogPasses.of(input, ColumnMap.standard());
      assertEquals(CatalogFormat.NDJSON, read.scan().layout().format());
      assertEquals(List.of("A1", "A2"), read.skus());
    }
  }

  @Test
  void emptyFile_isExit2() {
    for (String name : List.of("empty.csv", "empty.txt", "empty.json", "empty.ndjson")) {
      Path file = write(dir, name, new byte[0]);
      assertOneErrorLine(CliRun.of("validate", file.toString()), file.toString());
    }
  }

  @Test
  void emptyFile_saysItIsEmpty_whateverItsExtension() {
    assertAll(Stream.of("empty.txt", "empty.csv", "empty.tsv", "empty.json", "empty.ndjson").map(name -> () -> {
      Path file = write(dir, name, new byte[0]);
      assertOneErrorLine(CliRun.of("validate", file.toString()), file.toString(), "the catalog is empty");
    }));
  }

  @Test
  void headerOnly_isExit2_noValidProduct() {
    Path file = write(dir, "header.csv", "sku,title,upc\n");

    assertOneErrorLine(CliRun.of("validate", file.toString()), file + ": no valid product");
  }

  @Test
  void withoutSkuColumn_isExit2_namingTheExpectedColumns() {
    Path file = write(dir, "nosku.csv", "code,title,upc\nA1,Knife," + UPC_1 + "\n");

    assertOneErrorLine(CliRun.of("validate", file.toString()),
        file + ":1: no SKU column", "sku", "seller sku", "variant sku", "--map sku=");
  }

  @Test
  void fiveMegabyteCell_isExit2_recordTooLong_notOutOfMemory() {
    String huge = "x".repeat(5 * 1024 * 1024);
    Path file = write(dir, "huge.csv", "sku,upc,description\nA1," + UPC_1 + ",ok\nA2," + UPC_2 + "," + huge
        + "\nA3," + UPC_3 + ",ok\n");

    assertOneErrorLine(CliRun.of("validate", file.toString()), file + ":3: record is longer than");
  }

  @Test
  void hundredKilobyteCell_rejectsItsRowNamingTheField_andAcceptsTheOthers() {
    String big = "y".repeat(100 * 1024);
    Path file = write(dir, "big.csv", "sku,upc,description\nA1," + UPC_1 + ",ok\nA2," + UPC_2 + ",\"" + big
        + "\"\nA3," + UPC_3 + ",ok\n");

    CatalogPasses read = CatalogPasses.of(file);
    assertEquals(List.of("A1", "A3"), read.skus());
    assertEquals(List.of(4L), lines(read.accepted().subList(1, 2)));
    assertEquals(read.accepted(), read.replayed());

    CliRun run = CliRun.of("validate", file.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run::toString);
    assertTrue(run.err().startsWith(file + ":3: description: value is 102,400 characters"), run::toString);
    assertTrue(run.out().contains("2 valid products, 1 invalid rows"), run::toString);
  }

  @Test
  void jsonWithFiveMegabyteString_isExit2() {
    String huge = "z".repeat(5 * 1024 * 1024);
    Path file = write(dir, "huge.json", "[\n{\"sku\": \"A1\", \"upc\": \"" + UPC_1 + "\"},\n{\"sku\": \"A2\", \"upc\": \""
        + UPC_2 + "\", \"description\": \"" + huge + "\"}\n]\n");

    assertOneErrorLine(CliRun.of("validate", file.toString()), file + ":3:");
  }

  @Test
  void jsonNestedDeeperThanTheLimit_isExit2NamingTheLine() {
    String deep = "[".repeat(100) + "]".repeat(100);
    Path file = write(dir, "deep.json", "[\n{\"sku\": \"A1\", \"upc\": \"" + UPC_1 + "\"},\n{\"sku\": \"A2\", \"upc\": \""
        + UPC_2 + "\", \"nested\": " + deep + "}\n]\n");

    assertOneErrorLine(CliRun.of("validate", file.toString()), file + ":3:");
  }

  @Test
  void jsonProductFarTooLarge_isExit2NamingTheLineItStartsOn() {
    StringBuilder json = new StringBuilder("[\n{\"sku\": \"A1\", \"upc\": \"" + UPC_1 + "\"},\n{\"sku\": \"A2\", \"upc\": \"" + UPC_2 + "\"");
    for (int i = 0; json.length() < 2 * 1024 * 1024; i++) {
      json.append(", \"attribute_").append(i).append("\": \"some value\"");
    }
    json.append("}\n]\n");
    Path file = write(dir, "wide.json", json.toString());

    assertOneErrorLine(CliRun.of("validate", file.toString()), file + ":3: record is longer than");
  }

  @Test
  void ndjsonWithFiveMegabyteLine_isExit2() {
    String huge = "z".repeat(5 * 1024 * 1024);
    Path file = write(dir, "huge.ndjson", "{\"sku\": \"A1\", \"upc\": \"" + UPC_1 + "\"}\n{\"sku\": \"A2\", \"upc\": \""
        + UPC_2 + "\", \"description\": \"" + huge + "\"}\n");

    assertOneErrorLine(CliRun.of("validate", file.toString()), file + ":2:");
  }

  @Test
  void rowWithMoreValuesThanTheHeader_isRejectedNamingItsLine() {
    Path file = write(dir, "wide.csv", "sku,title,upc\nA1,Knife," + UPC_1 + "\nA2,Pan, large," + UPC_2
        + "\nA3,Trowel," + UPC_3 + "\n");

    CliRun run = CliRun.of("validate", file.toString());

    assertEquals(1, run.exitCode(), run.toString());
    assertEquals(List.of(file + ":3: (row): 4 values but the header has 3 columns (an unquoted ',' in a value?)"),
        run.err().lines().toList(), run::toString);
    assertEquals(List.of("A1", "A3"), CatalogPasses.of(file).skus());
  }

  @Test
  void replay_yieldsExactlyTheAcceptedProductsInOrder() {
    Path file = write(dir, "mixed.csv", """
        sku,upc,title
        B2,%s,first
        A1,%s,second
        B2,%s,duplicate of line 2
        C3,%s,bad code
        ,%s,no sku
        D4,%s,last
        """.formatted(UPC_1, UPC_2, UPC_3, UPC_BAD_CHECK_DIGIT, UPC_1, UPC_3));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of("B2", "A1", "D4"), read.skus());
    assertEquals("first", read.product("B2").title());
    assertEquals(read.accepted(), read.replayed());
    assertEquals(3, read.scan().accepted());
    assertEquals(3, read.scan().rejected());
  }

  @Test
  void replay_minifiedJsonWithDuplicateSku_yieldsTheAcceptedProducts() {
    // Every product of a minified JSON array is on line 1, duplicates included.
    Path file = write(dir, "minified.json", "[{\"sku\":\"A1\",\"upc\":\"" + UPC_1 + "\"},{\"sku\":\"A2\",\"upc\":\"" + UPC_2
        + "\"},{\"sku\":\"A1\",\"upc\":\"" + UPC_3 + "\"}]");

    CatalogPasses read;
    try {
      read = CatalogPasses.of(file);
    } catch (EnrichException e) {
      throw new AssertionError("replay failed: " + e.getMessage(), e);
    }

    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals(1, read.rejections().size());
    assertEquals(read.accepted(), read.replayed());
    assertEquals(UPC_1, read.replayed().get(0).upc(), "the first A1 is the one sent");
  }

  @Test
  void replay_ndjsonWithDuplicateSku_sendsTheFirstOccurrence() {
    Path file = write(dir, "dups.ndjson", """
        {"sku": "A1", "upc": "%s", "title": "first"}
        {"sku": "A1", "upc": "%s", "title": "second"}
        """.formatted(UPC_1, UPC_2));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(1, read.replayed().size());
    assertEquals("first", read.replayed().get(0).title());
    assertNull(read.replayed().get(0).asin());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
