package dev.enrich.client.catalog;

import java.util.Map;

/**
 * Why one record of a catalog was not accepted: printed as {@code file:line: field: reason}.
 *
 * <pre>{@code
 * List<String> problems = new ArrayList<>();
 * client.submit(request, source, r -> problems.add(r.describe(source.name())), SubmitProgress.NONE);
 * // problems: ["upload.csv:7: asin: not 10 letters and digits", ...]
 * }</pre>
 *
 * @param record the record's cells as read, for the rejects file (empty when it could not be read)
 */
public record Rejection(long line, String field, String reason, Map<String, String> record) {
  public Rejection(long line, String field, String reason) {
    this(line, field, reason, Map.of());
  }

  /** One line, whatever the file's column names hold. */
  public String describe(String file) {
    return file + ":" + line + ": " + oneLine(field) + ": " + oneLine(reason);
  }

  private static String oneLine(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
