package dev.enrich.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process and captures exit code, stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {

  /** As {@code enrich ARGS} runs: with the command tree these arguments need. */
  public static CliRun of(String... args) {
    return run(EnrichCommand.commandLine(args), args);
  }

  /** With the whole command tree, whatever the arguments. */
  public static CliRun wholeTree(String... args) {
    return run(EnrichCommand.commandLine(), args);
  }

  private static CliRun run(picocli.CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
