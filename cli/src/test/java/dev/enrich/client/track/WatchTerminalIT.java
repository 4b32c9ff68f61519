package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.TerminalSession;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** {@code enrich status ID --watch} in a 100x30 terminal. */
  private static TerminalSession watch(String catalogId) throws Exception {
    List<String> args = new ArrayList<>(List.of("status", catalogId, "--watch", "--interval", "0.3"));
    args.addAll(List.of(stack.fixture().flags()));
    return TerminalSession.start("watch", 100, 30, Map.of(), dir, args.toArray(String[]::new));
  }

  private static long count(String screen, String text) {
    return screen.lines().filter(l -> l.contains(text)).count();
  }

  @Test
  void watch_redrawsOneBlockInPlace_andEndsWithTheSummaryAndExit0() throws Exception {
    submit("garden-tty");
    try (TerminalSession terminal = watch("garden-tty");
        LocalWorker worker = stack.fixture().worker(1, slow(250))) {
      worker.start();
      Set<String> bars = new HashSet<>();
      int screens = 0;
      while (!terminal.ended() && screens < 200) {
        String screen = terminal.screen();
        if (screen.contains("garden-tty  IN_PROGRESS")) {
          screens++;
          assertEquals(1, count(screen, "garden-tty  IN_PROGRESS"), "one block, not a scroll of lines:\n" + screen);
          assertEquals(1, screen.lines().filter(l -> l.startsWith("[")).count(), "one bar:\n" + screen);
          screen.lines().filter(l -> l.startsWith("[")).forEach(bars::add);
        }
        Thread.sleep(250);
      }
      assertEquals("0", terminal.awaitExit(Duration.ofSeconds(90)));
      assertTrue(bars.size() >= 3, "the bar was redrawn with new values in the same place: " + bars);
      String end = terminal.screen();
      assertTrue(end.contains("state      COMPLETED"), end);
      assertTrue(end.contains("products   452 / 452 done (100.0%)"), end);
      assertEquals(0, count(end, "IN_PROGRESS"), "the live block was replaced by the final one:\n" + end);
    }
  }

  @Test
  void ctrlC_endsTheWatchCleanly_withExit130() throws Exception {
    submit("garden-ctrl-c");
    try (TerminalSession terminal = watch("garden-ctrl-c")) {
      terminal.awaitScreen("garden-ctrl-c  QUEUED", Duration.ofSeconds(30));
      terminal.keys("C-c");
      assertEquals("130", terminal.awaitExit(Duration.ofSeconds(90)));
      String end = terminal.screen();
      assertTrue(end.contains("interrupted"), end);
      assertTrue(!end.contains("Exception"), end);
    }
  }
}
