package dev.enrich.client;

/**
 * Something the caller can act on: one line that names the thing and the fix. Each kind of failure
 * is a subclass, so a service catches what it handles and lets the rest through:
 *
 * <pre>{@code
 * try {
 *   client.submit(SubmitRequest.defaults("seller-42").withCatalogId("spring"), products);
 * } catch (InvalidInputException e) {
 *   return badRequest(e.getMessage());      // the products or options are wrong
 * } catch (RemoteServiceException e) {
 *   return serviceUnavailable(e.getMessage()); // SQS or DynamoDB failed: the same call resumes
 * }
 * }</pre>
 *
 * <p>Messages never hold a secret (a Keepa key, a MongoDB password).
 */
public abstract class EnrichException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected EnrichException(String message) {
    super(message);
  }

  protected EnrichException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Bad input: a catalog, a product, an option or a setting that cannot be used as it is. */
  public static InvalidInputException invalidInput(String message) {
    return new InvalidInputException(message);
  }

  /** Something named does not exist: a catalog id, a queue, a table, a file. */
  public static NotFoundException notFound(String message) {
    return new NotFoundException(message);
  }

  /** A remote service (SQS, DynamoDB, MongoDB, STS, Keepa) failed, refused or is unreachable. */
  public static RemoteServiceException remote(String message, Throwable cause) {
    return new RemoteServiceException(message, cause);
  }
}
