package dev.enrich.client.catalog;

import static dev.enrich.client.catalog.CatalogPasses.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import dev.enrich.client.EnrichException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A damaged quote in a delimited catalog never costs a row silently: a quote that never closes
 * stops the read naming the line it opened on, and text after a closing quote rejects its row.
 */
class BrokenQuotesTest {
  private static final String UPC_1 = "036000291452";
  private static final String UPC_2 = "012345678905";

  @TempDir Path dir;

  private static String neverClosed(Path file, long line) {
    return file + ":" + line + ": a quoted value opened on line " + line + " is never closed (a missing \" ?)";
  }

  private static EnrichException readFails(Path file) {
    return assertThrows(EnrichException.class, () -> CatalogPasses.of(file), "the read must fail");
  }

  private static void assertRefused(CliRun run, String line) {
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("", run.out(), run.toString());
    assertEquals(List.of("enrich: " + line), run.err().lines().toList(), run::toString);
  }

  @Test
  void quoteNeverClosed_isExit2_namingTheLineItOpenedOn_notTheLastLine() {
    Path file = write(dir, "catalog.csv", """
        sku,asin,title
        Q-1,B08N5WRWNW,"unterminated quote
        Q-2,B07FZ8S74R,next
        Q-3,B07FZ8S74S,and another
        """);

    assertEquals(neverClosed(file, 2), readFails(file).getMessage());
    assertRefused(CliRun.of("validate", file.toString()), neverClosed(file, 2));
  }

  @Test
  void theOpeningLine_isTheQuotesOwn_afterClosedMultiLineCellsInTheSameRow() {
    // Row 3 starts on line 3; its description spans lines 3-5 and closes; its notes open on line 5.
    Path file = write(dir, "catalog.csv", """
        sku,upc,description,notes
        A1,%s,"<p>one</p>",x
        A2,%s,"<p>two
        lines
        </p>","left open
        A3,x,y,z
        A4,x,y,z
        """.formatted(UPC_1, UPC_2));

    assertEquals(neverClosed(file, 5), readFails(file).getMessage());
  }

  @Test
  void anEscapedQuoteAtTheEnd_doesNotCloseTheValue() {
    Path file = write(dir, "catalog.csv", "sku,upc,title\nA1," + UPC_1 + ",\"8\"\" knife\"\"\nA2," + UPC_2 + ",x\n");

    assertEquals(neverClosed(file, 2), readFails(file).getMessage());
  }

  @Test
  void crLfAndLoneCrLineEndings_countLikeLf() {
    Path crlf = write(dir, "crlf.csv", "sku,upc,title\r\nA1," + UPC_1 + ",ok\r\nA2," + UPC_2 + ",\"open\r\nA3,x,y\r\n");
    Path cr = write(dir, "cr.csv", "sku,upc,title\rA1," + UPC_1 + ",ok\rA2," + UPC_2 + ",\"open\rA3,x,y\r");

    assertEquals(neverClosed(crlf, 3), readFails(crlf).getMessage());
    assertEquals(neverClosed(cr, 3), readFails(cr).getMessage());
  }

  @Test
  void quoteOpenInTheHeader_isReportedTheSameWay() {
    Path file = write(dir, "catalog.csv", "sku,\"upc,title\nA1," + UPC_1 + ",x\n");

    assertRefused(CliRun.of("validate", file.toString()), neverClosed(file, 1));
  }

  @Test
  void fromStdin_theSameError_namingStdin() {
    byte[] bytes = "sku,asin,title\nQ-1,B08N5WRWNW,\"open\nQ-2,B07FZ8S74R,next\n".getBytes(UTF_8);
    try (CatalogInput input = CatalogInput.open("-", UTF_8, Optional.empty(), new ByteArrayInputStream(bytes))) {
      EnrichException e = assertThrows(EnrichException.class, () -> CatalogPasses.of(input, ColumnMap.standard()));
      assertEquals("stdin:2: a quoted value opened on line 2 is never closed (a missing \" ?)", e.getMessage());
    }
  }

  @ParameterizedTest(name = "delimiter {0}")
  @ValueSource(strings = {"\t", ";", "|"})
  void otherDelimiters_areAsStrict(String d) {
    String name = d.equals("\t") ? "catalog.tsv" : "catalog.txt";
    Path open = write(dir, "open-" + name, String.join(d, "sku", "upc", "title") + "\n"
        + String.join(d, "A1", UPC_1, "ok") + "\n" + String.join(d, "A2", UPC_2, "\"open") + "\n"
        + String.join(d, "A3", "x", "y") + "\n");
    assertEquals(neverClosed(open, 3), readFails(open).getMessage());

    Path trailing = write(dir, "trailing-" + name, String.join(d, "sku", "upc", "title") + "\n"
        + String.join(d, "A1", UPC_1, "\"bad\"x") + "\n" + String.join(d, "A2", UPC_2, "\"multi\nline\"") + "\n");
    CatalogPasses read = CatalogPasses.of(trailing);
    assertEquals(List.of("A2"), read.skus());
    assertEquals("multi\nline", read.product("A2").title());
    assertEquals(1, read.rejections().size(), read.rejections()::toString);
    assertEquals("title", read.rejections().get(0).field());
  }

  @Test
  void textAfterAClosingQuote_rejectsThatRowNamingTheColumn_andKeepsTheOthers() {
    Path file = write(dir, "catalog.csv", """
        sku,upc,title,brand
        A1,%s,"bad"x,Acme
        A2,%s,"fine",Acme
        A3,%s,ok,"Ac"me "corp"
        """.formatted(UPC_1, UPC_2, UPC_1.replace("036", "037")));

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of("A2"), read.skus());
    assertEquals("fine", read.product("A2").title());
    assertEquals(List.of(2L, 4L), read.rejections().stream().map(Rejection::line).toList());
    assertEquals(List.of("title", "brand"), read.rejections().stream().map(Rejection::field).toList());
    assertEquals(read.accepted(), read.replayed());

    CliRun run = CliRun.of("validate", file.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals(List.of(
        file + ":2: title: text after the closing quote: \"bad\"x (quote the whole value, and double each \" inside it)",
        file + ":4: brand: text after the closing quote: \"Ac\"me \"corp\" (quote the whole value, and double each \" inside it)"),
        run.err().lines().toList(), run::toString);
    assertTrue(run.out().contains("1 valid products, 2 invalid rows"), run::toString);
  }

  @Test
  void textAfterAClosingQuoteOnALaterLineOfARow_namesTheRowAndThatLine() {
    Path file = write(dir, "catalog.csv", "sku,upc,description\nA1," + UPC_1 + ",\"two\nlines\" and more\nA2,"
        + UPC_2 + ",x\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of("A2"), read.skus());
    Rejection r = read.rejections().get(0);
    assertEquals(2, r.line());
    assertEquals("text after the closing quote on line 3: \"two lines\" and more (quote the whole value, and double each"
        + " \" inside it)", r.reason());
    assertEquals("A1", r.record().get("sku"), "the rejects file gets the row's cells");
  }

  @Test
  void textAfterAClosingQuoteInTheHeader_isExit2() {
    Path file = write(dir, "catalog.csv", "sku,\"upc\"code,title\nA1," + UPC_1 + ",x\n");

    assertRefused(CliRun.of("validate", file.toString()), file
        + ":1: text after the closing quote of a column name: \"upc\"code (quote the whole name, and double each \" inside"
        + " it)");
  }

  @Test
  void whatRfc4180Allows_staysAccepted() {
    // Spaces around a quoted value, a quote inside an unquoted value, "" inside quotes, an empty
    // quoted value, a quoted value ending in a line break, and a quoted header cell.
    Path file = write(dir, "catalog.csv", "\uFEFF\"sku\",upc,title,description\n"
        + "A1,  \"" + UPC_1 + "\"  ,5\" knife,\"say \"\"hi\"\"\"\n"
        + "A2,\t\"" + UPC_2 + "\",\"\",\"<p>x</p>\n\"\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of(), read.rejections());
    assertEquals(List.of("A1", "A2"), read.skus());
    assertEquals("5\" knife", read.product("A1").title());
    assertEquals("say \"hi\"", read.product("A1").attributes().get("description"));
    assertEquals(UPC_2, read.product("A2").upc());
  }

  @Test
  void aQuotedValueOfFourHundredNinetyNineLines_reads_oneOfFiveHundredAndOneStopsTheRead() {
    Path fits = write(dir, "fits.csv", "sku,upc,description\nA1," + UPC_1 + ",\"" + "line\n".repeat(498) + "last\"\nA2,"
        + UPC_2 + ",x\n");
    assertEquals(List.of("A1", "A2"), CatalogPasses.of(fits).skus());

    Path tooLong = write(dir, "long.csv", "sku,upc,description\nA1," + UPC_1 + ",\"" + "line\n".repeat(500) + "last\"\nA2,"
        + UPC_2 + ",x\n");
    assertEquals(tooLong + ":2: a quoted value opened on line 2 is not closed within 500 lines (a missing \" ?)",
        readFails(tooLong).getMessage());
  }

  @Test
  void openQuoteOverManyLinesBeforeTheEnd_namesTheOpeningLine_notWhereALimitHit() {
    StringBuilder csv = new StringBuilder("sku,upc,description\nA1," + UPC_1 + ",ok\nA2," + UPC_2 + ",\"never closed\n");
    while (csv.length() < 2 * 1024 * 1024) {
      csv.append("A9,").append(UPC_1).append(",a row swallowed by the open quote\n");
    }
    Path file = write(dir, "unclosed.csv", csv.toString());

    assertRefused(CliRun.of("validate", file.toString()),
        file + ":3: a quoted value opened on line 3 is not closed within 500 lines (a missing \" ?)");
  }

  @Test
  void openQuoteOverManyKilobytesOnOneLine_namesTheOpeningLine() {
    Path file = write(dir, "wide.csv", "sku,upc,description\nA1," + UPC_1 + ",\"" + "w".repeat(300 * 1024) + "\nA2,"
        + UPC_2 + ",x\n");

    EnrichException e = readFails(file);
    assertEquals(file + ":2: a quoted value opened on line 2 is not closed within 262,144 characters (a missing \" ?)",
        e.getMessage());
    assertFalse(e.getMessage().contains("record is longer"), e::getMessage);
  }
}
