package dev.enrich.cli.chaos;

import static dev.enrich.cli.Await.until;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.local.DynaliteProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dynalite, the local DynamoDB server (a node process keeping its tables in LevelDB), is killed
 * with SIGKILL while the worker runs, and started again on the same port and directory. Meanwhile
 * every status-table write fails, so records fail and come back through SQS; afterwards the
 * catalog ends exact.
 */
@Tag("chaos")
class DynaliteRestartIT {
  private static final int PRODUCTS = 1500;
  /** Records failed while DynamoDB was away, before it comes back. */
  private static final int RETRIES = 8;

  @Test
  void dynaliteKilledAndRestarted_theWorkerRidesThrough_andTheCatalogEndsExact(@TempDir Path dir) throws Exception {
    try (StackFixture fixture = new StackFixture(c -> c.withEphemeral(false).withVisibilityTimeoutSeconds(2)
        .withMaxReceiveCount(50))) {
      ChaosCatalog catalog = ChaosCatalog.write(dir, "dynalite", PRODUCTS);
      catalog.submit(fixture, 10);
      int port = fixture.stack.dynamoEndpoint().getPort();
      DynaliteProcess restarted = null;
      long doneWhenKilled;
      long failedWhileDown;
      try (LocalWorker worker = fixture.worker(4)) {
        worker.start();
        until(() -> catalog.done(fixture) >= PRODUCTS / 5, Duration.ofSeconds(60), "a first part done");
        ProcessHandle dynalite = ProcessHandle.of(fixture.stack.dynalitePid()).orElseThrow();
        doneWhenKilled = catalog.done(fixture);
        long failedBefore = worker.stats().failedRecords();
        assertTrue(dynalite.destroyForcibly(), "dynalite could not be killed");
        dynalite.onExit().get(10, TimeUnit.SECONDS);
        until(() -> worker.stats().failedRecords() >= failedBefore + RETRIES, Duration.ofSeconds(60),
            () -> RETRIES + " records failed while DynamoDB is away: " + worker.stats());
        failedWhileDown = worker.stats().failedRecords() - failedBefore;
        try {
          restarted = DynaliteProcess.persistent(fixture.stack.config().host(), port, fixture.stack.config().dynamoDir());
          catalog.awaitSettled(fixture, Duration.ofSeconds(120));
        } finally {
          worker.close();
        }
        assertTrue(doneWhenKilled < PRODUCTS, "the kill came after the end: " + doneWhenKilled);
        CatalogOutcome.assertExact(fixture, catalog.id(), catalog.skus());
      } finally {
        if (restarted != null) {
          restarted.close();
        }
      }
      System.out.printf("dynalite restart: killed at %d of %d products done, %d records failed while it was down%n",
          doneWhenKilled, PRODUCTS, failedWhileDown);
    }
  }
}
