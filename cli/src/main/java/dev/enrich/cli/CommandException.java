package dev.enrich.cli;

import dev.enrich.client.EnrichException;

/**
 * A command's own outcome that is not one of the client's failures, with the exit code it ends
 * the process with: {@code local run} that did not finish in time, a port already taken.
 */
public class CommandException extends EnrichException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public CommandException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
