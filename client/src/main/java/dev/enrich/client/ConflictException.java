package dev.enrich.client;

/**
 * The catalog id is taken by a catalog submitted from other content: a submit that would replace it
 * must say so ({@code --force}, {@code SubmitRequest.force}, or {@code --incremental} for a new
 * version). Nothing was sent. An {@link InvalidInputException}, so code that treats every bad input
 * alike needs no change; a service can answer 409 instead of 400.
 *
 * <pre>{@code
 * catch (ConflictException e) { return Response.status(409).entity(e.getMessage()); }
 * }</pre>
 */
public class ConflictException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** With the one-line message shown to the user. */
  public ConflictException(String message) {
    super(message);
  }
}
