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
  json,
  /** JSON Lines: one product object a line, as in {@code json}'s products, without the document around them. */
  jsonl;

  /** The format asked for; else the one the output file's extension names; else CSV. */
  public static ExportFormat choose(ExportFormat asked, Path out) {
    Path name = out == null ? null : out.getFileName();
    return forName(asked, name == null ? null : name.toString());
  }

  /**
   * The format asked for; else the one the output's name ({@code .json}, {@code .jsonl} or
   * {@code .ndjson}) says; else CSV. The name may be an S3 key.
   */
  public static ExportFormat forName(ExportFormat asked, String name) {
    if (asked != null) {
      return asked;
    }
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return json;
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return jsonl;
    }
    return csv;
  }
}
