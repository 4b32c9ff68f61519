package dev.enrich.cli.catalog;

/**
 * Size limits that keep one bad row from exhausting memory. A cell over {@code maxFieldChars}
 * rejects its row; a record over {@code maxRecordChars} (usually an unclosed quote) stops the read,
 * because a parser cannot find where such a record ends.
 */
public record Limits(int maxFieldChars, int maxRecordChars) {
  /** 64 Ki characters per cell (a long HTML description fits), 512 Ki per record (half a message). */
  public static final Limits DEFAULT = new Limits(64 * 1024, 512 * 1024);
}
