package dev.enrich.client.catalog;

/**
 * A catalog cell that cannot be used, with a reason a seller can act on. Callers put
 * {@code file:line: field: } in front, so the message is only the reason, and the only data of the
 * row it may show is the offending value, through {@link #quote(String)}.
 *
 * <p>It is thrown once per bad row, possibly for most rows of a million-row file, and always caught
 * by the reader that turns it into a rejection: a stack trace would never be printed, so none is
 * recorded.
 */
public final class InvalidValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SHOWN = 40;

  public InvalidValueException(String reason) {
    super(reason);
  }

  @Override
  public Throwable fillInStackTrace() {
    return this;
  }

  /**
   * The value in double quotes as a reason shows it: cut after 40 characters, so that one reason
   * stays one short line whatever was pasted into the cell, and with control characters escaped, so
   * that a cell spanning lines cannot break the report.
   */
  static String quote(String value) {
    int end = value.length();
    if (end > MAX_SHOWN) {
      end = Character.isHighSurrogate(value.charAt(MAX_SHOWN - 1)) ? MAX_SHOWN - 1 : MAX_SHOWN;
    }
    StringBuilder quoted = new StringBuilder(end + 5).append('"');
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        quoted.append(String.format("\\u%04X", (int) c));
      } else {
        quoted.append(c);
      }
    }
    if (end < value.length()) {
      quoted.append("...");
    }
    return quoted.append('"').toString();
  }
}
