package dev.enrich.client.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.client.EnrichException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reports rejected records as they are found: the first ones on stderr as
 * {@code file:line: field: reason}, and every one in the {@code --rejects} file, a CSV of
 * {@code line,field,reason,record} where {@code record} is the row's cells as JSON.
 */
public final class RejectionReport implements Consumer<Rejection>, AutoCloseable {
  public static final int PRINTED = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final PrintWriter err;
  private final Path rejectsFile;
  private final CSVPrinter rejects;
  private long count;

  public RejectionReport(String source, PrintWriter err, Path rejectsFile) {
    this.source = source;
    this.err = err;
    this.rejectsFile = rejectsFile;
    if (rejectsFile == null) {
      rejects = null;
      return;
    }
    try {
      rejects = new CSVPrinter(Files.newBufferedWriter(rejectsFile, StandardCharsets.UTF_8),
          CSVFormat.RFC4180.builder().setHeader("line", "field", "reason", "record").get());
    } catch (IOException e) {
      throw EnrichException.invalidInput("--rejects " + rejectsFile + ": cannot write: " + e.getMessage());
    }
  }

  @Override
  public void accept(Rejection r) {
    count++;
    if (count <= PRINTED) {
      err.println(r.describe(source));
    }
    if (rejects != null) {
      try {
        rejects.printRecord(r.line(), r.field(), r.reason(), JSON.writeValueAsString(r.record()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a map of strings always serialises", e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public long count() {
    return count;
  }

  /** Flushes the rejects file and says how many rows were not printed. */
  @Override
  public void close() {
    if (count > PRINTED) {
      err.println(String.format(Locale.ROOT, "%s: ... and %,d more invalid rows%s", source, count - PRINTED,
          rejects == null ? " (--rejects FILE writes them all)" : " (all are in " + rejectsFile + ")"));
    }
    err.flush();
    if (rejects != null) {
      try {
        rejects.close();
      } catch (IOException e) {
        throw EnrichException.invalidInput("--rejects " + rejectsFile + ": cannot write: " + e.getMessage());
      }
    }
  }
}
