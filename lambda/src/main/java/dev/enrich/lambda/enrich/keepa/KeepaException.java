package dev.enrich.lambda.enrich.keepa;

/**
 * A Keepa call that did not give products. Messages name the request by path and size, never by
 * URL: the URL carries the API key.
 *
 * @see #isTransient()
 */
public class KeepaException extends RuntimeException {
  private final int httpStatus;
  private final KeepaStatus status;

  /**
   * @param httpStatus the response's status, or 0 when there was no response (timeout, connection)
   * @param status the token status the response carried, or null
   */
  public KeepaException(String message, int httpStatus, KeepaStatus status, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.status = status;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The token status the response carried, if any (always for 429). */
  public KeepaStatus status() {
    return status;
  }

  /** HTTP 429: not enough tokens; Keepa says when the next refill comes. */
  public boolean throttled() {
    return httpStatus == 429;
  }

  /**
   * Worth retrying: throttled, a 5xx, no response at all, or a body that is not Keepa's JSON. A
   * 4xx other than 429 (bad key, bad request, payment required) will fail the same way again.
   */
  public boolean isTransient() {
    return httpStatus == 0 || httpStatus == 200 || httpStatus == 429 || httpStatus >= 500;
  }
}
