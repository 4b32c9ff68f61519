package dev.enrich.client.catalog;

import static dev.enrich.client.catalog.CatalogPasses.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per validation rule, through the validate command: the bad row is reported as
 * {@code file:line: field: reason} and the command exits 1 because the other rows are valid.
 */
class ValidationRulesTest {
  private static final String UPC_1 = "036000291452";
  private static final String UPC_2 = "012345678905";
  private static final String UPC_3 = "042100005264";

  @TempDir Path dir;

  /** A catalog of {@code rows} between two valid products, validated; the bad row is on line 3. */
  private CliRun validateWithBadRow(String header, String goodRow, String badRow, String lastRow, String... options) {
    Path file = write(dir, "catalog.csv", header + "\n" + goodRow + "\n" + badRow + "\n" + lastRow + "\n");
    String[] args = new String[options.length + 2];
    args[0] = "validate";
    args[1] = file.toString();
    System.arraycopy(options, 0, args, 2, options.length);
    return CliRun.of(args);
  }

  private String file() {
    return dir.resolve("catalog.csv").toString();
  }

  /** Exit 1 and exactly one rejection line, which starts with {@code file:line: field: reason}. */
  private void assertRejectedOnce(CliRun run, String prefix) {
    assertEquals(1, run.exitCode(), run.toString());
    List<String> lines = run.err().lines().toList();
    assertEquals(1, lines.size(), run::toString);
    assertTrue(lines.get(0).startsWith(file() + prefix), () -> "expected <" + file() + prefix + "...>\n" + run);
    assertTrue(run.out().contains("2 valid products, 1 invalid rows"), run::toString);
  }

  @Test
  void sku_isRequired() {
    CliRun run = validateWithBadRow("sku,upc", "A1," + UPC_1, "  ," + UPC_2, "A3," + UPC_3);

    assertRejectedOnce(run, ":3: sku: is required");
  }

  @Test
  void sku_isUnique_namingTheFirstLine() {
    CliRun run = validateWithBadRow("sku,upc", "A1," + UPC_1, "A1," + UPC_2, "A3," + UPC_3);

    assertRejectedOnce(run, ":3: sku: \"A1\" already appears on line 2");
  }

  @Test
  void identifier_atLeastOneIsRequired() {
    CliRun run = validateWithBadRow("sku,asin,upc,ean,gtin,title", "A1,," + UPC_1 + ",,,Knife", "A2,,,,,Pan",
        "A3,B00X4WHP5E,,,,Trowel");

    assertRejectedOnce(run, ":3: identifier: at least one of ASIN, UPC, EAN or GTIN is required");
  }

  @Test
  void asin_isUpperCasedWhenValid() {
    Path file = write(dir, "catalog.csv", "sku,asin\nA1,b00x4whp5e\nA2, 0262033844 \n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals("B00X4WHP5E", read.product("A1").asin());
    assertEquals("0262033844", read.product("A2").asin(), "a book's ISBN-10 is its ASIN");
  }

  @Test
  void asin_isRejectedWhenNotTenLettersAndDigits() {
    assertRejectedOnce(validateWithBadRow("sku,asin", "A1,B00X4WHP5E", "A2,B0123", "A3,B00X4WHP5F"),
        ":3: asin: \"B0123\" is not an ASIN: 10 letters and digits expected, found 5");
    assertRejectedOnce(validateWithBadRow("sku,asin", "A1,B00X4WHP5E", "A2,B00X-4WHP5", "A3,B00X4WHP5F"),
        ":3: asin: \"B00X-4WHP5\" is not an ASIN: only letters and digits are allowed, found \"-\"");
  }

  @Test
  void upc_checkDigit() {
    CliRun run = validateWithBadRow("sku,upc", "A1," + UPC_1, "A2,036000291453", "A3," + UPC_3);

    assertRejectedOnce(run, ":3: upc: \"036000291453\" is not a UPC-A: check digit is 3, expected 2");
  }

  @Test
  void ean13_checkDigit() {
    CliRun run = validateWithBadRow("sku,ean", "A1,4006381333931", "A2,4006381333932", "A3,7501031311309");

    assertRejectedOnce(run, ":3: ean: \"4006381333932\" is not an EAN-13: check digit is 2, expected 1");
  }

  @Test
  void gtin14_checkDigit() {
    CliRun run = validateWithBadRow("sku,gtin", "A1,10012345678902", "A2,10012345678903", "A3,10614141000415");

    assertRejectedOnce(run, ":3: gtin: \"10012345678903\" is not a GTIN: check digit is 3, expected 2");
  }

  @Test
  void price_decimalCommaIsAccepted_andStoredWithAPoint() {
    Path file = write(dir, "catalog.csv", "sku,upc,price\nA1," + UPC_1 + ",\"12,99\"\nA2," + UPC_2 + ",\"12,99 €\"\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of(), read.rejections());
    assertEquals("12.99", read.product("A1").price());
    assertEquals("12.99", read.product("A2").price());
    assertEquals(0, CliRun.of("validate", file.toString()).exitCode());
  }

  @Test
  void price_withCommaBeforeThreeDigits_isRejectedAsAmbiguous() {
    CliRun run = validateWithBadRow("sku,upc,price", "A1," + UPC_1 + ",12.99", "A2," + UPC_2 + ",\"1,299\"",
        "A3," + UPC_3 + ",\"1,299.00\"");

    assertRejectedOnce(run, ":3: price: \"1,299\" is ambiguous");
  }

  @Test
  void price_negativeIsRejected() {
    CliRun run = validateWithBadRow("sku,upc,price", "A1," + UPC_1 + ",12.99", "A2," + UPC_2 + ",-5.00",
        "A3," + UPC_3 + ",0");

    assertRejectedOnce(run, ":3: price: \"-5.00\" is not a price: negative prices are not allowed");
  }

  @Test
  void strict_withOneInvalidRow_isExit2() {
    CliRun run = validateWithBadRow("sku,upc", "A1," + UPC_1, "A2,036000291453", "A3," + UPC_3, "--strict");

    assertEquals(2, run.exitCode(), run.toString());
    assertEquals(List.of(file() + ":3: upc: \"036000291453\" is not a UPC-A: check digit is 3, expected 2; "
            + "a digit is probably mistyped: compare the code with the barcode on the product",
        "enrich: " + file() + ": 1 invalid rows and --strict: nothing sent"), run.err().lines().toList(), run::toString);
    assertEquals("", run.out(), run.toString());
  }

  @Test
  void noValidRow_isExit2() {
    Path file = write(dir, "catalog.csv", "sku,upc\nA1,036000291453\n," + UPC_1 + "\n");

    CliRun run = CliRun.of("validate", file.toString());

    assertEquals(2, run.exitCode(), run.toString());
    assertEquals(3, run.err().lines().count(), run::toString);
    assertTrue(run.err().contains("enrich: " + file + ": no valid product (2 invalid rows)"), run::toString);
  }

  @Test
  void rejectsFile_holdsOneCsvRowPerRejection() throws IOException {
    Path rejects = dir.resolve("rejects.csv");
    Path file = write(dir, "catalog.csv", """
        sku,upc,price,title
        A1,%s,12.99,"Knife, 8 inch"
        A2,036000291453,5,Pan
        A1,%s,7,Duplicate
        A4,%s,"1,299",Trowel
        """.formatted(UPC_1, UPC_2, UPC_3));

    CliRun run = CliRun.of("validate", file.toString(), "--rejects", rejects.toString());

    assertEquals(1, run.exitCode(), run.toString());
    List<CSVRecord> rows;
    try (Reader in = Files.newBufferedReader(rejects, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
      assertEquals(List.of("line", "field", "reason", "record"), parser.getHeaderNames());
      rows = parser.getRecords();
    }
    assertEquals(List.of("3", "4", "5"), rows.stream().map(r -> r.get("line")).toList());
    assertEquals(List.of("upc", "sku", "price"), rows.stream().map(r -> r.get("field")).toList());
    assertTrue(rows.get(1).get("reason").startsWith("\"A1\" already appears on line 2"), rows.get(1)::toString);
    assertEquals("{\"sku\":\"A2\",\"upc\":\"036000291453\",\"price\":\"5\",\"title\":\"Pan\"}", rows.get(0).get("record"));
    assertTrue(rows.get(2).get("record").contains("\"price\":\"1,299\""), rows.get(2)::toString);
    assertEquals(3, run.err().lines().count(), run::toString);
  }

  @Test
  void moreThanFiftyRejections_printFiftyLinesAndASummary() {
    StringBuilder csv = new StringBuilder("sku,upc\nGOOD," + UPC_1 + "\n");
    for (int i = 0; i < 60; i++) {
      csv.append("BAD-").append(i).append(",036000291453\n");
    }
    Path file = write(dir, "catalog.csv", csv.toString());

    CliRun run = CliRun.of("validate", file.toString());

    assertEquals(1, run.exitCode(), run.toString());
    List<String> lines = run.err().lines().toList();
    assertEquals(51, lines.size(), run::toString);
    for (int i = 0; i < 50; i++) {
      assertTrue(lines.get(i).startsWith(file + ":" + (i + 3) + ": upc: "), lines.get(i));
    }
    assertEquals(file + ": ... and 10 more invalid rows (--rejects FILE writes them all)", lines.get(50));
    assertTrue(run.out().contains("1 valid products, 60 invalid rows"), run::toString);
  }
}
