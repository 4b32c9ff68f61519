package dev.enrich.client.submit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A catalog whose quote never closes, through the real jar and the local stack: {@code submit} from
 * a file and from stdin, {@code validate} and {@code local run} all stop with exit 2 and the same
 * one line naming the line the quote opened on, and nothing reaches the queue or the status table,
 * not even the rows before the quote.
 */
class BrokenQuoteIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  @TempDir Path dir;

  /** 300 valid rows, then a title whose quote opens on line 302 and never closes, then 300 more. */
  private static String catalog() {
    StringBuilder csv = new StringBuilder("sku,asin,title\n");
    for (int i = 1; i <= 300; i++) {
      csv.append(String.format("Q-%03d,B0%08d,Product %d%n", i, i, i));
    }
    csv.append("Q-301,B000000301,\"unterminated quote\n");
    for (int i = 302; i <= 601; i++) {
      csv.append(String.format("Q-%03d,B0%08d,Product %d%n", i, i, i));
    }
    return csv.toString();
  }

  private JarRun run(String name, byte[] stdin, String... args) {
    return JarRun.run(name, dir, Map.of(), stdin, Duration.ofSeconds(120), List.of(args));
  }

  private static String[] submit(String file, String... more) {
    List<String> args = new ArrayList<>(List.of(stack.fixture().flags()));
    args.addAll(List.of("submit", file));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static int statusItems() {
    return stack.fixture().stack.dynamoClient().scan(b -> b.tableName(stack.fixture().stack.config().tableName())).count();
  }

  private static void assertRefused(JarRun run, String source) {
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("", run.out(), run.toString());
    assertEquals(List.of("enrich: " + source + ":302: a quoted value opened on line 302 is never closed (a missing \" ?)"),
        run.err().lines().toList(), run::toString);
  }

  @Test
  void submit_ofACatalogWithAQuoteThatNeverCloses_exits2_andSendsAndRegistersNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.csv"), catalog());
    int itemsBefore = statusItems();

    assertRefused(run("submit-file", null, submit(file.toString(), "--catalog-id", "broken-file")), file.toString());
    assertRefused(run("submit-stdin", catalog().getBytes(UTF_8), submit("-", "--catalog-id", "broken-stdin")), "stdin");

    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()), "nothing queued");
    assertEquals(itemsBefore, statusItems(), "no catalog or batch item written");
  }

  @Test
  void validateAndLocalRun_refuseItTheSameWay() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.csv"), catalog());

    assertRefused(run("validate", null, "validate", file.toString()), file.toString());
    // local run checks the catalog before it starts a stack of its own.
    assertRefused(run("local-run", null, "local", "run", file.toString()), file.toString());
  }

  @Test
  void submit_ofTheSameCatalogWithTheQuoteClosed_sendsEveryRow() throws IOException {
    Path file = Files.writeString(dir.resolve("mended.csv"), catalog().replace("unterminated quote\n", "mended quote\"\n"));

    JarRun sent = run("submit-mended", null, submit(file.toString(), "--catalog-id", "mended", "--output", "json"));

    assertEquals(0, sent.exitCode(), sent.toString());
    assertEquals(601, new ObjectMapper().readTree(sent.out()).get("products").asInt(), sent::toString);
    stack.fixture().stack.sqsClient().purgeQueue(b -> b.queueUrl(stack.fixture().stack.queueUrl()));
  }
}
