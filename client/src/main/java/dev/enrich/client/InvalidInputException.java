package dev.enrich.client;

/**
 * The input cannot be used as it is: a catalog with no valid product, an option out of range, a
 * setting that names nothing. Nothing was sent. The message says what and where (file, line,
 * field) when there is a where.
 *
 * <pre>{@code
 * catch (InvalidInputException e) { return Response.status(400).entity(e.getMessage()); }
 * }</pre>
 */
public class InvalidInputException extends EnrichException {
  private static final long serialVersionUID = 1L;

  /** With the one-line message shown to the user. */
  public InvalidInputException(String message) {
    super(message);
  }

  /** With the one-line message and what caused it. */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
