package dev.enrich.contract.output;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one check came out. Unreachable is a failure of its own: it decides between exit 1 and exit 4. */
public enum Outcome {
  PASS("ok"),
  FAIL("FAIL"),
  UNREACHABLE("FAIL"),
  SKIP("skip");

  private final String mark;

  Outcome(String mark) {
    this.mark = mark;
  }

  /** The mark at the start of the check's text line. */
  public String mark() {
    return mark;
  }

  public boolean failed() {
    return this == FAIL || this == UNREACHABLE;
  }

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
