package dev.enrich.cli.chaos;

import static dev.enrich.cli.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.ProcessReaper;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code enrich worker}, the shaded jar in its own JVM, is killed with SIGKILL while it holds
 * batches; a second worker finishes the catalog. What the first had received comes back after the
 * visibility timeout, what it had half done (upserted, not counted) is done again and counted once.
 * The workers use the real Keepa provider against the Keepa stand-in answering each request after
 * 100 ms, so that, as in production, a worker spends its time waiting on Keepa with batches held.
 */
@Tag("chaos")
class WorkerKillIT {
  private static final int PRODUCTS = 1000;
  private static final int KILLED_BY_SIGKILL = 137;
  private static final String KEY = "chaos-key";

  @TempDir Path dir;
  @RegisterExtension
  final ProcessReaper reaper = new ProcessReaper();

  @Test
  void workerKilledMidCatalog_aNewWorkerFinishes_andEveryProductCountsOnce() throws Exception {
    try (StackFixture fixture = new StackFixture(c -> c.withVisibilityTimeoutSeconds(3).withMaxReceiveCount(50));
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(100_000).start()
            .slowNext(Integer.MAX_VALUE, Duration.ofMillis(100))) {
      ChaosCatalog catalog = ChaosCatalog.write(dir, "killed", PRODUCTS);
      catalog.submit(fixture, 20);

      Process first = worker(fixture, keepa, "first");
      until(() -> !first.isAlive() || catalog.done(fixture) >= PRODUCTS / 5, Duration.ofSeconds(90),
          () -> "the first worker to do a fifth: " + catalog.status(fixture) + "\n" + output("first"));
      assertTrue(first.isAlive(), "the first worker ended by itself:\n" + output("first"));
      assertTrue(ProcessReaper.kill(first, Duration.ofSeconds(10)), "the killed worker did not die");
      assertEquals(KILLED_BY_SIGKILL, first.exitValue(), "not killed by SIGKILL:\n" + output("first"));
      long doneAtKill = catalog.done(fixture);
      int heldAtKill = inFlight(fixture);
      assertTrue(doneAtKill < PRODUCTS, "the kill came after the end: " + doneAtKill);
      assertTrue(heldAtKill > 0, "the killed worker held no batch (" + doneAtKill + " products done)");

      Process second = worker(fixture, keepa, "second");
      catalog.awaitSettled(fixture, Duration.ofSeconds(120));
      second.destroy();
      assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second worker did not stop on SIGTERM");

      CatalogOutcome.assertExact(fixture, catalog.id(), catalog.skus());
      System.out.printf("worker kill: killed at %d of %d products done, holding %d batches%n",
          doneAtKill, PRODUCTS, heldAtKill);
    }
  }

  /** {@code enrich worker} from the shaded jar, on the fixture's stack, with the Keepa provider. */
  private Process worker(StackFixture fixture, KeepaStandIn keepa, String name) throws IOException {
    Path jar = Path.of(System.getProperty("enrich.jar", "target/enrich.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built before integration tests: " + jar);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(fixture.flags()));
    command.addAll(List.of("worker", "--concurrency", "4", "--poll-wait", "1"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("ENRICH_"));
    builder.environment().put("ENRICH_CONFIG_FILE", dir.resolve("no-profile").toString());
    builder.environment().put("ENRICH_PROVIDER", "keepa");
    builder.environment().put(Providers.ENV_KEEPA_KEY, KEY);
    builder.environment().put(Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/");
    Process process = builder.start();
    reaper.track(process);
    return process;
  }

  /** Received and neither deleted nor back yet: the batches a worker holds. */
  private static int inFlight(StackFixture fixture) {
    return Integer.parseInt(fixture.stack.sqsClient().getQueueAttributes(b -> b.queueUrl(fixture.stack.queueUrl())
            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** The worker's messages, without its per-record log lines. */
  private String output(String name) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(name + ".out")));
      lines.addAll(Files.readAllLines(dir.resolve(name + ".err")));
      lines.removeIf(line -> line.startsWith("{\"event\":\"batch\"") || line.startsWith("{\"event\":\"invocation\""));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read the output of " + name + ": " + e + ")";
    }
  }
}
