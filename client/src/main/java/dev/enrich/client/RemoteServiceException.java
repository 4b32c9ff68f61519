package dev.enrich.client;

/**
 * A remote service failed, refused the credentials, or could not be reached (SQS, DynamoDB,
 * MongoDB, STS, Keepa). Work already accepted is kept: a submit that fails this way resumes when
 * called again with the same catalog.
 *
 * <pre>{@code
 * catch (RemoteServiceException e) { return Response.status(503).entity(e.getMessage()); }
 * }</pre>
 */
public class RemoteServiceException extends EnrichException {
  private static final long serialVersionUID = 1L;

  /** With the one-line message shown to the user. */
  public RemoteServiceException(String message) {
    super(message);
  }

  /** With the one-line message and the service's own exception. */
  public RemoteServiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
