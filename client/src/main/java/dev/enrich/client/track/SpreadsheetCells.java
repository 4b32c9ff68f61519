package dev.enrich.client.track;

import java.util.regex.Pattern;

/**
 * CSV cells a spreadsheet would not evaluate. A cell that starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return is taken as a formula by Excel, LibreOffice and Google Sheets
 * ({@code =HYPERLINK("http://evil.example","click")}), and catalog text and marketplace titles are
 * third-party text: such a cell gets a leading {@code '}, which spreadsheets show as text and do not
 * evaluate (OWASP's guidance on CSV injection). A plain number ({@code -12.5}) is data, not a
 * formula, and is left as it is.
 *
 * <pre>{@code
 * SpreadsheetCells.safe("=1+2");   // "'=1+2"
 * SpreadsheetCells.safe("-12.5");  // "-12.5"
 * }</pre>
 */
public final class SpreadsheetCells {
  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

  private SpreadsheetCells() {}

  /** {@code cell} as a spreadsheet shows it without evaluating it; null stays null. */
  public static String safe(String cell) {
    if (cell == null || cell.isEmpty() || !formulaStart(cell.charAt(0)) || NUMBER.matcher(cell).matches()) {
      return cell;
    }
    return "'" + cell;
  }

  private static boolean formulaStart(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  }
}
