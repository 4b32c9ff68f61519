package dev.enrich.cli;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.NotFoundException;
import dev.enrich.client.OperationInterruptedException;
import dev.enrich.client.RemoteServiceException;
import dev.enrich.client.aws.RemoteFailures;
import dev.enrich.client.config.Redaction;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Maps every exception a command lets out to one line on stderr and an exit code, in one place.
 * Stack traces only with {@code --stacktrace}.
 */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    GlobalOptions global = EnrichCommand.globalOf(cmd.getCommandSpec());
    ex = RemoteFailures.typed(ex, awsProfile(global)).map(Exception.class::cast).orElse(ex);
    int code = exitCode(ex);
    Redaction redaction = global.redaction();
    err.println("enrich: " + redaction.apply(message(ex)));
    if (global.stacktrace) {
      // Exception messages deep in a trace can carry a connection string: redacted like the first line.
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      err.print(redaction.apply(trace.toString()));
    }
    err.flush();
    return code;
  }

  /** The AWS profile of this run, for messages; null (the SDK's default) when the settings do not resolve. */
  private static String awsProfile(GlobalOptions global) {
    try {
      return global.settings().awsProfile();
    } catch (RuntimeException unresolvable) {
      return null;
    }
  }

  /** A usage error: one line that says what is wrong and where the help is, not the whole help. */
  static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String suggestion = "";
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      suggestion = " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    err.println("enrich: " + EnrichCommand.globalOf(cmd.getCommandSpec()).redaction().apply(ex.getMessage()) + suggestion
        + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** The code of {@code ex} once {@link RemoteFailures} has typed the AWS and MongoDB failures. */
  static int exitCode(Throwable ex) {
    if (ex instanceof CommandException e) {
      return e.exitCode();
    }
    if (ex instanceof InvalidInputException) {
      return ExitCodes.USAGE;
    }
    if (ex instanceof NotFoundException) {
      return ExitCodes.NOT_FOUND;
    }
    if (ex instanceof RemoteServiceException) {
      return ExitCodes.REMOTE;
    }
    if (ex instanceof OperationInterruptedException) {
      return ExitCodes.INTERRUPTED;
    }
    if (ex instanceof StoreUnavailableException) {
      return ExitCodes.REMOTE;
    }
    if (ex instanceof InterruptedException) {
      return ExitCodes.INTERRUPTED;
    }
    return ExitCodes.SOME_FAILED;
  }

  static String message(Throwable ex) {
    if (ex instanceof EnrichException) {
      return ex.getMessage();
    }
    String text = ex.getMessage() == null ? "" : ": " + ex.getMessage();
    return "unexpected " + ex.getClass().getSimpleName() + text + " (run again with --stacktrace for details)";
  }
}
