package dev.enrich.client.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * A second reading of a delimited catalog, written apart from the production reader for the fuzz
 * test to check it against: strict RFC 4180 with spaces before a quote allowed. It splits the whole
 * text at once, so it is for small files only.
 *
 * @param records every record, the header first; empty lines are not records
 * @param unclosedAt the line a quote opened on and never closed, or 0
 */
record StrictCsv(List<Row> records, long unclosedAt) {

  /**
   * One record.
   *
   * @param line the line it starts on
   * @param cells its values, trimmed
   * @param damaged whether text follows a closing quote in one of its values
   */
  record Row(long line, List<String> cells, boolean damaged) {}

  static StrictCsv read(String text, char delimiter) {
    List<Row> rows = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    long line = 1;
    long rowLine = 0;
    boolean damaged = false;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (rowLine == 0) {
        if (c == '\r' || c == '\n') { // an empty line
          i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
          line++;
          continue;
        }
        rowLine = line;
      }
      int start = i;
      while (i < n && text.charAt(i) != delimiter && Character.isWhitespace(text.charAt(i))
          && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
        i++;
      }
      if (i < n && text.charAt(i) == '"') {
        long opened = line;
        i++;
        while (true) {
          if (i >= n) {
            return new StrictCsv(rows, opened);
          }
          char q = text.charAt(i++);
          if (q == '"') {
            if (i < n && text.charAt(i) == '"') {
              cell.append('"');
              i++;
            } else {
              break;
            }
          } else {
            if (q == '\r' || q == '\n' && (i < 2 || text.charAt(i - 2) != '\r')) {
              line++;
            }
            cell.append(q);
          }
        }
        while (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
          damaged |= !Character.isWhitespace(text.charAt(i));
          i++;
        }
      } else {
        i = start;
        while (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
          cell.append(text.charAt(i++));
        }
      }
      cells.add(cell.toString().trim());
      cell.setLength(0);
      if (i < n && text.charAt(i) == delimiter) {
        i++;
        if (i == n) {
          cells.add(""); // a delimiter right before the end leaves one more, empty value
        } else {
          continue;
        }
      }
      if (i < n) { // a line break ends the record
        i += text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
        line++;
      }
      rows.add(new Row(rowLine, List.copyOf(cells), damaged));
      cells.clear();
      rowLine = 0;
      damaged = false;
    }
    return new StrictCsv(rows, 0);
  }
}
