package dev.enrich.cli.catalog;

/** Why one record of a catalog was not accepted: printed as {@code file:line: field: reason}. */
public record Rejection(long line, String field, String reason) {
  public String describe(String file) {
    return file + ":" + line + ": " + field + ": " + reason;
  }
}
