package dev.enrich.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of exit codes (docs/architecture.md section 9): the root's {@code --help} prints
 * {@link #MEANINGS}, and docs/cli/exit-codes.md is generated from it.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int SOME_FAILED = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int REMOTE = 4;
  /** Gave up waiting ({@code status --wait --timeout}): the same code as timeout(1), so scripts treat both alike. */
  public static final int TIMED_OUT = 124;
  public static final int INTERRUPTED = 130;

  /** What each code means, in order; commands say what they mean by each in their own help. */
  public static final Map<Integer, String> MEANINGS = meanings();

  private static Map<Integer, String> meanings() {
    Map<Integer, String> m = new LinkedHashMap<>();
    m.put(OK, "success");
    m.put(SOME_FAILED, "finished, but some rows were invalid or some products or batches failed");
    m.put(USAGE, "usage error or invalid input");
    m.put(NOT_FOUND, "not found (unknown catalog, queue or table)");
    m.put(REMOTE, "a remote service failed or is unreachable");
    m.put(TIMED_OUT, "timed out waiting (status --wait --timeout)");
    m.put(INTERRUPTED, "interrupted");
    return Collections.unmodifiableMap(m);
  }

  private ExitCodes() {}
}
