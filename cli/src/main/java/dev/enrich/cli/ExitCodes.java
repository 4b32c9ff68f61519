package dev.enrich.cli;

/** The one table of exit codes (docs/architecture.md section 9), also printed by {@code --help}. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int SOME_FAILED = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int REMOTE = 4;
  /** Gave up waiting ({@code status --wait --timeout}): the same code as timeout(1), so scripts treat both alike. */
  public static final int TIMED_OUT = 124;
  public static final int INTERRUPTED = 130;


  private ExitCodes() {}
}
