package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** list and cancel: option errors and an unreachable table, without any server. */
class ListCancelCommandLineTest {

  private static String closedEndpoint() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void list_badSince_isOneLineUsageErrorNamingTheFlag() {
    CliRun run = CliRun.of("list", "--since", "7x", "--dynamodb-endpoint", "http://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("--since") && run.err().contains("7x") && run.err().contains("7d"), run.toString());
    assertEquals("", run.out());
  }

  @Test
  void list_limitOutOfRange_isUsageError() {
    for (String limit : new String[] {"0", "1001", "-3"}) {
      CliRun run = CliRun.of("list", "--limit", limit, "--dynamodb-endpoint", "http://127.0.0.1:1");
      assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
      assertEquals(1, run.err().lines().count(), run.toString());
      assertTrue(run.err().contains("--limit"), run.toString());
    }
  }

  @Test
  void list_andCancel_ofAnUnreachableTable_exit4_inOneLine() throws IOException {
    String endpoint = closedEndpoint();
    CliRun list = CliRun.of("list", "--user", "u", "--dynamodb-endpoint", endpoint);
    assertEquals(ExitCodes.REMOTE, list.exitCode(), list.toString());
    assertEquals(1, list.err().lines().count(), list.toString());
    CliRun cancel = CliRun.of("cancel", "some-catalog", "--dynamodb-endpoint", endpoint);
    assertEquals(ExitCodes.REMOTE, cancel.exitCode(), cancel.toString());
    assertEquals(1, cancel.err().lines().count(), cancel.toString());
  }

  @Test
  void cancel_withoutId_isUsageError() {
    CliRun run = CliRun.of("cancel");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("CATALOG_ID"), run.toString());
  }

  @Test
  void rootHelp_namesBothCommands() {
    CliRun run = CliRun.of("--help");
    assertTrue(run.out().contains("list") && run.out().contains("cancel"), run.out());
  }
}
