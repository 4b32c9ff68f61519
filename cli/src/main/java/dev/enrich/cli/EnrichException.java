package dev.enrich.cli;

/**
 * An error the user can act on: one line that names the thing and the fix, and the exit code that
 * goes with it. Services throw it; {@link ErrorReporter} prints it.
 */
public class EnrichException extends RuntimeException {
  private final int exitCode;

  public EnrichException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public EnrichException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static EnrichException invalidInput(String message) {
    return new EnrichException(ExitCodes.USAGE, message);
  }

  public static EnrichException notFound(String message) {
    return new EnrichException(ExitCodes.NOT_FOUND, message);
  }

  public static EnrichException remote(String message, Throwable cause) {
    return new EnrichException(ExitCodes.REMOTE, message, cause);
  }
}
