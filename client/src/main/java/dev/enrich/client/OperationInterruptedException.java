package dev.enrich.client;

/**
 * The calling thread was interrupted while the client waited (sending, watching, redriving). The
 * thread's interrupt flag is set again before this is thrown; what was already sent is recorded,
 * so the same call resumes.
 *
 * <pre>{@code
 * catch (OperationInterruptedException e) { return; } // shutting down
 * }</pre>
 */
public class OperationInterruptedException extends EnrichException {
  private static final long serialVersionUID = 1L;

  /** With the one-line message shown to the user. */
  public OperationInterruptedException(String message) {
    super(message);
  }
}
