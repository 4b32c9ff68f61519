package dev.enrich.client.catalog;

import java.util.Map;

/**
 * One row or object of a catalog file, before mapping: field names as the file spells them.
 *
 * @param line where the record starts in the file (1-based), for error reports
 * @param problem why the record could not even be read (a malformed NDJSON line), or null
 */
public record RawRecord(long line, Map<String, String> fields, Rejection problem) {
  public RawRecord(long line, Map<String, String> fields) {
    this(line, fields, null);
  }

  static RawRecord unreadable(long line, String field, String reason) {
    return new RawRecord(line, Map.of(), new Rejection(line, field, reason));
  }
}
