package dev.enrich.client.track;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code enrich export} writes.
 *
 * <pre>{@code
 * ExportFormat format = ExportFormat.choose(null, Path.of("products.json")); // json, from the name
 * }</pre>
 */
public enum ExportFormat {
  csv,
  json;

  /** The format asked for; else the one the output file's extension names; else CSV. */
  public static ExportFormat choose(ExportFormat asked, Path out) {
    if (asked != null) {
      return asked;
    }
    if (out != null && out.getFileName() != null
        && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      return json;
    }
    return csv;
  }
}
