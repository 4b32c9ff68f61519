package dev.enrich.client.catalog;

/**
 * Size limits that keep one bad row from exhausting memory or swallowing the rows after it. A cell
 * over {@code maxFieldChars} rejects its row; a record over {@code maxRecordChars} stops the read,
 * because a parser cannot find where such a record ends; so does a quoted value still open after
 * {@code maxQuotedLines} lines or {@code maxQuotedChars} characters (almost always a missing quote,
 * reported by the line it opened on).
 */
public record Limits(int maxFieldChars, int maxRecordChars, int maxQuotedLines, int maxQuotedChars) {
  /**
   * 64 Ki characters per cell (a long HTML description fits), 512 Ki per record (half a message), and
   * a quoted value may span 500 lines or 256 Ki characters: four times a cell, so a cell too long is
   * still rejected alone, with its row, and a generous multi-line HTML description still reads.
   */
  public static final Limits DEFAULT = new Limits(64 * 1024, 512 * 1024, 500, 256 * 1024);
}
