package dev.enrich.client.s3;

import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.local.MotoS3;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.worker.LocalWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code enrich export ID --out s3://...} against moto_server's S3 and the local stack: the object
 * is byte for byte what {@code --out FILE} writes, in the format its key's extension names; an
 * existing object is kept without {@code --force}; a missing bucket is one line, exit 3.
 */
class S3ExportIT {
  private static final String BUCKET = "exports";
  private static final String CATALOG = "s3-export-kitchen";
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  private static MotoS3 s3;

  @TempDir Path dir;

  @BeforeAll
  static void enrich() throws Exception {
    s3 = MotoS3.start();
    s3.createBucket(BUCKET);
    CliRun sent = CliRun.of(stack.args("submit", sample("kitchen-12.csv").toString(), "--catalog-id", CATALOG));
    assertEquals(ExitCodes.OK, sent.exitCode(), sent.toString());
    try (LocalWorker worker = stack.fixture().worker(2)) {
      worker.start();
      Await.catalogTerminal(stack.fixture(), CATALOG, Duration.ofSeconds(120));
    }
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  private static CliRun cli(String... head) {
    List<String> args = new ArrayList<>(Arrays.asList(stack.args(head)));
    args.add("--s3-endpoint");
    args.add(s3.endpoint().toString());
    return CliRun.of(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"csv", "jsonl"})
  void export_toS3_isByteForByteTheFileExport(String extension) throws Exception {
    Path file = dir.resolve("kitchen." + extension);
    CliRun local = cli("export", CATALOG, "--out", file.toString());
    assertEquals(ExitCodes.OK, local.exitCode(), local.toString());
    String key = "2026/kitchen." + extension;
    CliRun remote = cli("export", CATALOG, "--out", "s3://" + BUCKET + "/" + key);
    assertEquals(ExitCodes.OK, remote.exitCode(), remote.toString());
    assertTrue(remote.err().endsWith(" to s3://" + BUCKET + "/" + key + "\n"), remote.err());

    byte[] object = s3.get(BUCKET, key);
    assertArrayEquals(Files.readAllBytes(file), object);
    String text = new String(object, StandardCharsets.UTF_8);
    assertEquals(extension.equals("csv") ? 13 : 12, text.lines().count(), text);
    if (extension.equals("jsonl")) {
      assertTrue(text.lines().allMatch(l -> l.startsWith("{\"sku\":") && l.endsWith("}")), text);
    }
    assertEquals(List.of(), s3.openUploads(BUCKET));
  }

  @Test
  void existingObject_isKeptWithoutForce_andReplacedWithIt() throws Exception {
    String key = "kept/kitchen.csv";
    s3.put(BUCKET, key, "before\n".getBytes(StandardCharsets.UTF_8));
    CliRun refused = cli("export", CATALOG, "--out", "s3://" + BUCKET + "/" + key);
    assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.toString());
    assertEquals("enrich: s3://" + BUCKET + "/" + key + " already exists (use --force to replace it)\n", refused.err());
    assertEquals("before\n", new String(s3.get(BUCKET, key), StandardCharsets.UTF_8));

    CliRun forced = cli("export", CATALOG, "--out", "s3://" + BUCKET + "/" + key, "--force");
    assertEquals(ExitCodes.OK, forced.exitCode(), forced.toString());
    assertTrue(new String(s3.get(BUCKET, key), StandardCharsets.UTF_8).startsWith("sku,"));
  }

  @Test
  void missingBucket_isOneLineNamingIt_exit3() {
    CliRun run = cli("export", CATALOG, "--out", "s3://no-such-exports/kitchen.csv");
    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run.toString());
    assertEquals("enrich: s3://no-such-exports/kitchen.csv: no such bucket no-such-exports\n", run.err());
  }
}
