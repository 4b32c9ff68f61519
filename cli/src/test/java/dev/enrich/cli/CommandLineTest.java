package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and error lines of the real command line, without any server. */
class CommandLineTest {
  @TempDir Path dir;

  @Test
  void help_listsTheExitCodes() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("Exit codes:"), run.out());
    assertTrue(run.out().contains("130"), run.out());
  }

  @Test
  void unknownOption_isOneLineUsageErrorNamingTheHelp() {
    CliRun run = CliRun.of("status", "some-catalog", "--bogus");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("--bogus") && run.err().contains("'enrich status --help'"), run.toString());
  }

  @Test
  void profileLocal_isAnOptionValue_notTheLocalSubcommand() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    // The built-in local profile is taken (exit 4: its server is down here), not a usage error.
    CliRun run = CliRun.of("--profile", "local", "status", "some-catalog",
        "--dynamodb-endpoint", "http://127.0.0.1:" + closedPort);
    assertEquals(ExitCodes.REMOTE, run.exitCode(), run.toString());
    CliRun after = CliRun.of("status", "some-catalog", "--profile", "local",
        "--dynamodb-endpoint", "http://127.0.0.1:" + closedPort);
    assertEquals(ExitCodes.REMOTE, after.exitCode(), after.toString());
  }

  @Test
  void missingFile_isOneLineInvalidInputWithoutStackTrace() {
    CliRun run = CliRun.of("submit", dir.resolve("nope.csv").toString(),
        "--sqs-endpoint", "http://127.0.0.1:1", "--dynamodb-endpoint", "http://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("nope.csv: no such file"), run.toString());
  }

  @Test
  void unreachableService_isRemoteFailure_andStackTraceOnlyOnRequest() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + closedPort;
    CliRun run = CliRun.of("status", "some-catalog", "--dynamodb-endpoint", endpoint, "--sqs-endpoint", endpoint);
    assertEquals(ExitCodes.REMOTE, run.exitCode(), run.toString());
    assertFalse(run.err().contains("\tat "), run.toString());

    CliRun traced = CliRun.of("status", "some-catalog", "--dynamodb-endpoint", endpoint, "--stacktrace");
    assertEquals(ExitCodes.REMOTE, traced.exitCode(), traced.toString());
    assertTrue(traced.err().contains("\tat "), traced.toString());
  }

  @Test
  void unknownMarketplace_isOneUsageLineListingTheValidOnes() throws IOException {
    Path csv = Files.writeString(dir.resolve("m.csv"), "sku,asin\n1,B000000001\n");
    CliRun run = CliRun.of("submit", csv.toString(), "--marketplace", "uk", "--sqs-endpoint", "http://127.0.0.1:1",
        "--dynamodb-endpoint", "http://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("--marketplace: \"uk\" is not a marketplace; use one of com (1), co.uk (2), de (3), "
        + "fr (4), co.jp (5), ca (6), it (8), es (9), in (10), com.mx (11), com.br (12)"), run.toString());
  }

  @Test
  void badBatchSize_isUsageError() throws IOException {
    Path csv = Files.writeString(dir.resolve("c.csv"), "sku,asin\n1,B000000001\n");
    CliRun run = CliRun.of("submit", csv.toString(), "--batch-size", "0", "--sqs-endpoint", "http://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--batch-size"), run.toString());
  }
}
