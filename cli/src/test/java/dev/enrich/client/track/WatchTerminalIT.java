package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code status --watch} in a real terminal: the CLI jar runs in a tmux pane, and the pane's
 * screen is captured while the catalog moves. In place means one status block on screen however
 * many refreshes; the exit code and Ctrl-C are the real process's.
 */
class WatchTerminalIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("enrich-tmux-");
  }

  /** The mock provider at a pace a person can watch. */
  private static EnrichmentProvider slow(long millis) {
    MockProvider mock = new MockProvider(Clock.systemUTC());
    return new EnrichmentProvider() {
      @Override
      public String name() {
        return mock.name();
      }

      @Override
      public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return mock.enrich(products, options);
      }
    };
  }

  private static void submit(String catalogId) {
    CliRun run = CliRun.of(stack.args("submit",
        Path.of(System.getProperty("enrich.home", "..")).resolve("sample-catalogs/garden-450.tsv").toString(),
        "--catalog-id", catalogId, "--batch-size", "15"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
  }

  /** Starts {@code enrich status ID --watch} in a detached 100x30 tmux session; returns the session name. */
  private static String watchInTmux(String catalogId, Path exitFile) throws Exception {
    String session = "enrich-watch-" + UUID.randomUUID().toString().substring(0, 8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder command = new StringBuilder();
    command.append(java).append(" -jar ").append(System.getProperty("enrich.jar", "target/enrich.jar"))
        .append(" status ").append(catalogId).append(" --watch --interval 0.3");
    for (String flag : stack.fixture().flags()) {
      command.append(' ').append(flag);
    }
    command.append("; echo $? > ").append(exitFile).append("; sleep 60");
    run("tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", "-e", "TERM=xterm-256color",
        "bash", "-c", command.toString());
    return session;
  }

  private static String capture(String session) throws Exception {
    return run("tmux", "capture-pane", "-p", "-t", session);
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }

  private static String awaitExit(Path exitFile, String session) throws Exception {
    Await.until(() -> Files.exists(exitFile) && !Files.readString(exitFile).isBlank(), Duration.ofSeconds(90),
        () -> "the watch to end:\n" + capture(session));
    return Files.readString(exitFile).strip();
  }

  private static long count(String screen, String text) {
    return screen.lines().filter(l -> l.contains(text)).count();
  }

  @Test
  void watch_redrawsOneBlockInPlace_andEndsWithTheSummaryAndExit0() throws Exception {
    submit("garden-tty");
    Path exitFile = dir.resolve("tty.exit");
    String session = watchInTmux("garden-tty", exitFile);
    try (LocalWorker worker = stack.fixture().worker(1, slow(250))) {
      worker.start();
      Set<String> bars = new HashSet<>();
      int screens = 0;
      while (!Files.exists(exitFile) && screens < 200) {
        String screen = capture(session);
        if (screen.contains("garden-tty  IN_PROGRESS")) {
          screens++;
          assertEquals(1, count(screen, "garden-tty  IN_PROGRESS"), "one block, not a scroll of lines:\n" + screen);
          assertEquals(1, screen.lines().filter(l -> l.startsWith("[")).count(), "one bar:\n" + screen);
          screen.lines().filter(l -> l.startsWith("[")).forEach(bars::add);
        }
        Thread.sleep(250);
      }
      assertEquals("0", awaitExit(exitFile, session));
      assertTrue(bars.size() >= 3, "the bar was redrawn with new values in the same place: " + bars);
      String end = capture(session);
      assertTrue(end.contains("state      COMPLETED"), end);
      assertTrue(end.contains("products   452 / 452 done (100.0%)"), end);
      assertEquals(0, count(end, "IN_PROGRESS"), "the live block was replaced by the final one:\n" + end);
    } finally {
      run("tmux", "kill-session", "-t", session);
    }
  }

  @Test
  void ctrlC_endsTheWatchCleanly_withExit130() throws Exception {
    submit("garden-ctrl-c");
    Path exitFile = dir.resolve("ctrl-c.exit");
    String session = watchInTmux("garden-ctrl-c", exitFile);
    try {
      Await.until(() -> capture(session).contains("garden-ctrl-c  QUEUED"), Duration.ofSeconds(30),
          () -> "the watch to draw:\n" + capture(session));
      run("tmux", "send-keys", "-t", session, "C-c");
      assertEquals("130", awaitExit(exitFile, session));
      String end = capture(session);
      assertTrue(end.contains("interrupted"), end);
      assertTrue(!end.contains("Exception"), end);
    } finally {
      run("tmux", "kill-session", "-t", session);
    }
  }
}
