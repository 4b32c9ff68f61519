package dev.enrich.client;

/**
 * What was named does not exist: an unknown catalog id, a queue or table missing from the account
 * and region in use, a file that is not there.
 *
 * <pre>{@code
 * catch (NotFoundException e) { return Response.status(404).entity(e.getMessage()); }
 * }</pre>
 */
public class NotFoundException extends EnrichException {
  private static final long serialVersionUID = 1L;

  /** With the one-line message shown to the user. */
  public NotFoundException(String message) {
    super(message);
  }

  /** With the one-line message and what caused it. */
  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
