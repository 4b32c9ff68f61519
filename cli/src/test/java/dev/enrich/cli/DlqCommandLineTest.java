package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The DLQ commands' options, refusals and help, without a stack. */
class DlqCommandLineTest {

  private static String closedEndpoint() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void redrive_withoutYes_andNoTerminal_exits2_beforeAnyServiceIsAsked() throws IOException {
    String endpoint = closedEndpoint();
    CliRun run = CliRun.of("redrive-dlq", "--sqs-endpoint", endpoint, "--dynamodb-endpoint", endpoint);
    assertEquals(ExitCodes.USAGE, run.exitCode(), "refused, not 'unreachable': " + run);
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("pass --yes") && run.err().contains("nothing moved"), run.toString());
    assertEquals("", run.out());
    CliRun filtered = CliRun.of("redrive-dlq", "--catalog", "c", "--sqs-endpoint", endpoint);
    assertEquals(ExitCodes.USAGE, filtered.exitCode(), filtered.toString());
  }

  @Test
  void redrive_badOptions_areUsageErrors() {
    CliRun cancelWithCatalog = CliRun.of("redrive-dlq", "--cancel", "--catalog", "c");
    assertEquals(ExitCodes.USAGE, cancelWithCatalog.exitCode(), cancelWithCatalog.toString());
    assertTrue(cancelWithCatalog.err().contains("--cancel"), cancelWithCatalog.toString());
    CliRun rate = CliRun.of("redrive-dlq", "--rate", "501", "--yes");
    assertEquals(ExitCodes.USAGE, rate.exitCode(), rate.toString());
    assertTrue(rate.err().contains("--rate must be between 1 and 500"), rate.toString());
    CliRun max = CliRun.of("redrive-dlq", "--max", "0", "--yes");
    assertEquals(ExitCodes.USAGE, max.exitCode(), max.toString());
    CliRun peek = CliRun.of("dlq", "peek", "--max", "0");
    assertEquals(ExitCodes.USAGE, peek.exitCode(), peek.toString());
  }

  @Test
  void unreachableSqs_isExit4_inOneLine() throws IOException {
    String endpoint = closedEndpoint();
    for (String[] args : new String[][] {
        {"queue", "stats", "--sqs-endpoint", endpoint},
        {"dlq", "peek", "--sqs-endpoint", endpoint, "--dynamodb-endpoint", endpoint},
        {"redrive-dlq", "--dry-run", "--sqs-endpoint", endpoint, "--dynamodb-endpoint", endpoint}}) {
      CliRun run = CliRun.of(args);
      assertEquals(ExitCodes.REMOTE, run.exitCode(), run.toString());
      assertEquals(1, run.err().lines().count(), run.toString());
    }
  }

  @Test
  void help_showsExamplesAndExitCodes_andTheRootNamesTheCommands() {
    for (String[] args : new String[][] {{"redrive-dlq", "--help"}, {"dlq", "peek", "--help"},
        {"queue", "stats", "--help"}}) {
      CliRun run = CliRun.of(args);
      assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
      assertTrue(run.out().contains("Examples:") && run.out().contains("Exit codes:"), run.out());
    }
    CliRun redrive = CliRun.of("redrive-dlq", "--help");
    assertTrue(redrive.out().contains("--yes") && redrive.out().contains("--cancel"), redrive.out());
    CliRun root = CliRun.of("--help");
    assertTrue(root.out().contains("redrive-dlq") && root.out().contains("queue") && root.out().contains("dlq"),
        root.out());
  }
}
