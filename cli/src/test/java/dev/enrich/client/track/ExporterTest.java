package dev.enrich.client.track;

import static dev.enrich.client.track.StoredProducts.attributes;
import static dev.enrich.client.track.StoredProducts.enriched;
import static dev.enrich.client.track.StoredProducts.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.NotFoundException;
import dev.enrich.client.RemoteServiceException;
import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.ExportSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export service with an in-memory catalog: what it checks first, what it leaves on disk. */
class ExporterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T11:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private static CatalogStatus status(String id, CatalogState state, long done) {
    return new CatalogStatus(id, "u", "file.csv", state, (int) done, 0, 1, 20, done, done, 0, 1,
        new BatchCounts(0, 0, 1, 0, 0), null, null, null);
  }

  private static Exporter exporter(ProductSource source, CatalogState state, long done) {
    return new Exporter(id -> {
      if (!id.equals("cat")) {
        throw EnrichException.notFound("catalog " + id + " not found in table t");
      }
      return status(id, state, done);
    }, source, CLOCK);
  }

  private static List<Document> docs() {
    return List.of(enriched("B", 2, attributes("color", "red")), failed("A", 1, "no data"),
        enriched("C", 3, attributes()));
  }

  @Test
  void unknownCatalog_isNotFound_andNoProductIsRead() {
    StoredProducts.ListSource source = new StoredProducts.ListSource(docs());
    StringWriter out = new StringWriter();
    EnrichException e = assertThrows(EnrichException.class, () -> exporter(source, CatalogState.COMPLETED, 3)
        .export("nope", ExportFormat.csv, ExportTarget.stream(new PrintWriter(out), "stdout")));
    assertInstanceOf(NotFoundException.class, e);
    assertEquals(0, source.opened);
    assertEquals("", out.toString());
  }

  @Test
  void export_countsByStatus_inSkuOrder_andClosesTheCursor() throws IOException {
    StoredProducts.ListSource source = new StoredProducts.ListSource(docs());
    StringWriter out = new StringWriter();
    ExportSummary s = exporter(source, CatalogState.COMPLETED_WITH_FAILURES, 3)
        .export("cat", ExportFormat.csv, ExportTarget.stream(new PrintWriter(out), "stdout"));
    assertEquals(new ExportSummary("cat", CatalogState.COMPLETED_WITH_FAILURES, 3, 3, 2, 1, "stdout", List.of()), s);
    assertEquals(List.of("A", "B", "C"), skus(out.toString()));
    assertTrue(source.closed);
  }

  @Test
  void toFile_writesTheWholeDocument_andLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("out.json");
    ExportSummary s = exporter(new StoredProducts.ListSource(docs()), CatalogState.COMPLETED, 3)
        .export("cat", ExportFormat.json, FileTarget.check(target, false));
    assertEquals(target.toString(), s.destination());
    assertTrue(Files.readString(target).endsWith("\"summary\":{\"products\":3,\"enriched\":2,\"failed\":1}}\n"));
    assertEquals(List.of(target), list(dir));
  }

  @Test
  void existingFile_isRefusedWithoutForce_andReplacedWithIt() throws IOException {
    Path target = Files.writeString(dir.resolve("out.csv"), "precious");
    EnrichException e = assertThrows(EnrichException.class, () -> FileTarget.check(target, false));
    assertInstanceOf(InvalidInputException.class, e);
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    assertEquals("precious", Files.readString(target));

    exporter(new StoredProducts.ListSource(docs()), CatalogState.COMPLETED, 3)
        .export("cat", ExportFormat.csv, FileTarget.check(target, true));
    assertEquals(List.of("A", "B", "C"), skus(Files.readString(target)));
    assertEquals(List.of(target), list(dir));
  }

  @Test
  void failureMidStream_leavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("out.csv"), "previous export");
    ProductSource breaking = new StoredProducts.ListSource(docs()) {
      @Override
      public Cursor open(String catalogId) {
        Cursor real = super.open(catalogId);
        return new Cursor() {
          int served;

          @Override
          public boolean hasNext() {
            if (served == 2) {
              throw EnrichException.remote("cannot reach MongoDB at h:1 while reading", null);
            }
            return real.hasNext();
          }

          @Override
          public Document next() {
            served++;
            return real.next();
          }

          @Override
          public void close() {
            real.close();
          }
        };
      }
    };
    FileTarget file = FileTarget.check(target, true);
    EnrichException e = assertThrows(EnrichException.class,
        () -> exporter(breaking, CatalogState.COMPLETED, 3).export("cat", ExportFormat.csv, file));
    assertInstanceOf(RemoteServiceException.class, e);
    assertTrue(file.temporaryFile() != null, "the export had started writing");
    assertFalse(Files.exists(file.temporaryFile()));
    assertEquals("previous export", Files.readString(target));
    assertEquals(List.of(target), list(dir));
  }

  @Test
  void closedStdout_stopsTheExport_insteadOfReadingTheWholeCatalog() {
    List<Document> many = new ArrayList<>();
    for (int i = 0; i < 3 * Exporter.CHECK_EVERY; i++) {
      many.add(enriched(String.format("S%05d", i), i, attributes()));
    }
    Writer closedPipe = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) throws IOException {
        throw new IOException("Broken pipe");
      }

      @Override
      public void flush() throws IOException {
        throw new IOException("Broken pipe");
      }

      @Override
      public void close() {}
    };
    EnrichException e = assertThrows(EnrichException.class, () -> exporter(new StoredProducts.ListSource(many),
        CatalogState.COMPLETED, many.size())
        .export("cat", ExportFormat.csv, ExportTarget.stream(new PrintWriter(closedPipe), "stdout")));
    assertInstanceOf(InvalidInputException.class, e);
    assertTrue(e.getMessage().startsWith("cannot write stdout after " + Exporter.CHECK_EVERY + " products"),
        e.getMessage());
  }

  @Test
  void format_isAskedFor_elseFromTheExtension_elseCsv() {
    assertEquals(ExportFormat.json, ExportFormat.choose(null, Path.of("dir/Out.JSON")));
    assertEquals(ExportFormat.csv, ExportFormat.choose(null, Path.of("out.csv")));
    assertEquals(ExportFormat.csv, ExportFormat.choose(null, Path.of("out")));
    assertEquals(ExportFormat.csv, ExportFormat.choose(null, null));
    assertEquals(ExportFormat.csv, ExportFormat.choose(ExportFormat.csv, Path.of("out.json")));
  }

  private static List<String> skus(String csv) throws IOException {
    try (CSVParser parser = CSVParser.parse(csv, CSVFormat.RFC4180.builder().setHeader().build())) {
      return parser.stream().map(r -> r.get("sku")).toList();
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
