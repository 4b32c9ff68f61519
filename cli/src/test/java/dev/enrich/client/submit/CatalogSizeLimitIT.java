package dev.enrich.client.submit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.JarRun;
import dev.enrich.cli.local.StackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog size limit with the real jar: a catalog one byte over the limit is refused before it
 * is read (exit 2, one line on stderr, nothing in the queue or the status table), one at the limit
 * is sent; from a file by its size, from stdin by counting.
 */
class CatalogSizeLimitIT {
  private static final int LIMIT = 4096;
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  @TempDir Path dir;

  /** A valid CSV catalog of exactly {@code bytes} bytes: the last title is padded to fit. */
  private static byte[] catalog(String prefix, int bytes) {
    StringBuilder csv = new StringBuilder("sku,asin,title\n");
    for (int i = 1; csv.length() < bytes - 200; i++) {
      csv.append(String.format("%s-%04d,B0%08d,Product %d%n", prefix, i, i, i));
    }
    String last = prefix + "-last,B099999999,";
    int pad = bytes - csv.length() - last.length() - 1;
    csv.append(last).append("x".repeat(pad)).append('\n');
    byte[] out = csv.toString().getBytes(UTF_8);
    assertEquals(bytes, out.length);
    return out;
  }

  private List<String> submit(String file, String... more) {
    List<String> args = new ArrayList<>(List.of(stack.fixture().flags()));
    args.addAll(List.of("submit", file));
    args.addAll(List.of(more));
    return args;
  }

  private JarRun run(String name, Map<String, String> env, byte[] stdin, List<String> args) {
    return JarRun.run(name, dir, env, stdin, Duration.ofSeconds(120), args);
  }

  private static void assertRefused(JarRun run, String... parts) {
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("", run.out(), run.toString());
    String[] lines = run.err().split("\n");
    assertEquals(1, lines.length, "one line on stderr: " + run);
    for (String part : parts) {
      assertTrue(lines[0].contains(part), "\"" + part + "\" in: " + run);
    }
    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()), "nothing queued: " + run);
  }

  private static int statusItems() {
    return stack.fixture().stack.dynamoClient().scan(b -> b.tableName(stack.fixture().stack.config().tableName())).count();
  }

  private static void drain() {
    var sqs = stack.fixture().stack.sqsClient();
    sqs.purgeQueue(b -> b.queueUrl(stack.fixture().stack.queueUrl()));
  }

  @Test
  void file_oneByteOverTheFlagsLimitIsRefusedBeforeReading_oneAtTheLimitIsSent() throws IOException {
    Path over = Files.write(dir.resolve("over.csv"), catalog("OVER", LIMIT + 1));
    int itemsBefore = statusItems();
    JarRun refused = run("file-over", Map.of(), null, submit(over.toString(), "--max-catalog-size", "4KiB"));
    assertRefused(refused, "over.csv", "4.0KiB (4,097 bytes)", "limit of 4KiB", "--max-catalog-size 5KiB",
        "ENRICH_MAX_CATALOG_SIZE", "max_catalog_size");
    assertEquals(itemsBefore, statusItems(), "no catalog or batch item written");

    Path at = Files.write(dir.resolve("at.csv"), catalog("AT", LIMIT));
    JarRun sent = run("file-at", Map.of(), null, submit(at.toString(), "--max-catalog-size", "4KiB", "--output", "json"));
    assertEquals(0, sent.exitCode(), sent.toString());
    assertTrue(stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) > 0, sent.toString());
    drain();
  }

  @Test
  void stdin_countedWhileSpooled_overTheEnvironmentsLimitIsRefusedWithNothingSent() {
    Map<String, String> env = Map.of("ENRICH_MAX_CATALOG_SIZE", "4k");
    int itemsBefore = statusItems();
    JarRun refused = run("stdin-over", env, catalog("SIN", LIMIT + 1), submit("-", "--catalog-id", "stdin-over"));
    assertRefused(refused, "stdin: more than 4KiB", "limit of 4KiB", "--max-catalog-size 5KiB");
    assertEquals(itemsBefore, statusItems(), "no catalog or batch item written");

    // Far over the limit: the reading stops at the limit, the rest of the input is never waited for.
    JarRun far = run("stdin-far-over", env, catalog("FAR", 4 << 20), submit("-", "--catalog-id", "stdin-far"));
    assertRefused(far, "stdin: more than 4KiB");

    JarRun sent = run("stdin-at", env, catalog("SAT", LIMIT), submit("-", "--catalog-id", "stdin-at"));
    assertEquals(0, sent.exitCode(), sent.toString());
    assertTrue(stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) > 0, sent.toString());
    drain();
  }

  @Test
  void validateAndLocalRun_takeTheLimitFromTheProfile_andTheFlagOverridesIt() throws IOException {
    Path profile = Files.writeString(dir.resolve("config"), "[profile small]\nmax_catalog_size = 4KiB\n");
    Map<String, String> env = Map.of("ENRICH_CONFIG_FILE", profile.toString(), "ENRICH_PROFILE", "small");
    Path over = Files.write(dir.resolve("big.csv"), catalog("BIG", LIMIT + 1));

    JarRun validate = run("validate-over", env, null, List.of("validate", over.toString()));
    assertRefused(validate, "big.csv", "limit of 4KiB");
    JarRun raised = run("validate-raised", env, null, List.of("validate", over.toString(), "--max-catalog-size", "5KiB"));
    assertEquals(0, raised.exitCode(), raised.toString());

    // local run refuses before it starts a stack of its own.
    JarRun local = run("local-run-over", env, null, List.of("local", "run", over.toString()));
    assertRefused(local, "big.csv", "limit of 4KiB");
  }

  @Test
  void aLimitThatIsNotASize_isAUsageErrorNamingWhereItCameFrom() throws IOException {
    Path file = Files.write(dir.resolve("small.csv"), catalog("S", 1000));
    assertRefused(run("bad-flag", Map.of(), null, submit(file.toString(), "--max-catalog-size", "lots")),
        "--max-catalog-size", "\"lots\" is not a size like 500MB");
    assertRefused(run("bad-env", Map.of("ENRICH_MAX_CATALOG_SIZE", "0"), null, submit(file.toString())),
        "ENRICH_MAX_CATALOG_SIZE", "zero");
  }
}
