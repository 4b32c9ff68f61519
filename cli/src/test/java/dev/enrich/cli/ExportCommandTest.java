package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enrich export} on the real command line, with nothing listening: the checks that come first. */
class ExportCommandTest {
  @TempDir Path dir;
  private String closed;

  @BeforeEach
  void closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      closed = "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void help_showsAnExampleAndTheExitCodes() {
    CliRun run = CliRun.of("export", "--help");
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Examples:") && run.out().contains("--out kitchen.csv"), run.out());
    assertTrue(run.out().contains("Exit codes:") && run.out().contains("unknown catalog"), run.out());
    assertTrue(run.out().contains("csv, json"), run.out());
  }

  @Test
  void existingOut_isRefusedWithoutForce_beforeAnyRemoteCall() throws IOException {
    Path out = Files.writeString(dir.resolve("out.csv"), "keep me");
    CliRun run = CliRun.of("export", "cat", "--out", out.toString(),
        "--dynamodb-endpoint", closed, "--mongodb-uri", "mongodb://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("already exists (use --force"), run.toString());
    assertEquals("keep me", Files.readString(out));
  }

  @Test
  void outInAMissingDirectory_isAUsageError() {
    CliRun run = CliRun.of("export", "cat", "--out", dir.resolve("no/such/dir/out.csv").toString(),
        "--dynamodb-endpoint", closed, "--mongodb-uri", "mongodb://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("its directory does not exist"), run.toString());
  }

  @Test
  void unknownFormat_isAUsageErrorNamingTheChoices() {
    CliRun run = CliRun.of("export", "cat", "--format", "xml");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("csv, json"), run.toString());
  }

  @Test
  void unreachableDynamo_exits4_inOneLine_withoutTheMongoPassword() {
    Path out = dir.resolve("out.csv");
    CliRun run = CliRun.of("export", "cat", "--out", out.toString(), "--dynamodb-endpoint", closed,
        "--mongodb-uri", "mongodb://alice:s3cret-pw@127.0.0.1:1/?authSource=admin");
    assertEquals(ExitCodes.REMOTE, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertFalse(run.err().contains("s3cret-pw"), run.toString());
    assertFalse(Files.exists(out));
    assertEquals(0, dir.toFile().list().length, "no temporary file either");
  }

  @Test
  void invalidMongoUri_isAUsageError_thatDoesNotQuoteIt() {
    CliRun run = CliRun.of("export", "cat", "--dynamodb-endpoint", closed,
        "--mongodb-uri", "mongodb://alice:s3cret-pw@/nohost");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--mongodb-uri"), run.toString());
    assertFalse(run.err().contains("s3cret-pw"), run.toString());
  }
}
