package dev.enrich.cli.chaos;

import static dev.enrich.cli.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Keepa provider, wired from its environment as on Lambda, against the Keepa stand-in that
 * answers 429, then slowly, then 5xx, each for a while. Batches wait through the 429s and the slow
 * answers; the 5xx drive batches to the DLQ by design (two receives), and after recovery a redrive
 * completes them. Some ASINs are unknown to Keepa: those products end failed, with Keepa's reason.
 */
@Tag("chaos")
class KeepaFaultsIT {
  private static final int PRODUCTS = 400;
  private static final int MAX_RECEIVES = 2;
  private static final String KEY = "chaos-key";
  /** Every 50th product: Keepa knows no such ASIN. */
  private static final Set<String> UNKNOWN = IntStream.rangeClosed(1, PRODUCTS).filter(i -> i % 50 == 0)
      .mapToObj(ChaosCatalog::asin).collect(Collectors.toSet());

  @Test
  void keepa429ThenSlowThen5xx_batchesWaitOrRetry_aRedriveFinishes_andTheCatalogEndsExact(@TempDir Path dir)
      throws Exception {
    try (StackFixture fixture = new StackFixture(c -> c.withVisibilityTimeoutSeconds(2)
            .withMaxReceiveCount(MAX_RECEIVES));
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(100_000).refillRate(1_000)
            .refillPeriod(Duration.ofSeconds(1)).maxTokens(200_000).start().unknownAsins(UNKNOWN)) {
      ChaosCatalog catalog = ChaosCatalog.write(dir, "keepa", PRODUCTS);
      catalog.submit(fixture, 20);
      var provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/"), Clock.systemUTC());
      // One record per invocation, so a failed batch goes back at once rather than after nine
      // others have failed too; a 40 s function timeout leaves 30 s for Keepa (10 s are kept for
      // writing results).
      try (LocalWorker worker = new LocalWorker(fixture.stack.sqsClient(), fixture.stack.queueUrl(),
          fixture.stack.config().region(), fixture.handler(provider), new WorkerSettings(1, 4, 1, 40),
          new PrintStream(OutputStream.nullOutputStream()))) {
        worker.start();
        until(() -> catalog.done(fixture) >= PRODUCTS / 10, Duration.ofSeconds(60), "a first part done");

        // 429 for a while: batches wait for the refill instead of failing.
        keepa.throttleNext(Integer.MAX_VALUE);
        until(() -> keepa.tooManyRequestsServed() >= 10, Duration.ofSeconds(60), "ten 429s served");
        keepa.throttleNext(0);

        // Slow answers, each longer than the queue's visibility timeout.
        int before = keepa.productRequests();
        keepa.slowNext(Integer.MAX_VALUE, Duration.ofMillis(2_500));
        until(() -> keepa.productRequests() >= before + 6, Duration.ofSeconds(60), "six slow answers");
        keepa.slowNext(0, Duration.ZERO);

        // 5xx until batches have failed on both their receives and moved to the DLQ.
        keepa.failNext(Integer.MAX_VALUE, 503);
        until(() -> fixture.visibleIn(fixture.stack.dlqUrl()) >= 2, Duration.ofSeconds(90),
            () -> "batches in the DLQ after " + keepa.serverErrorsServed() + " 5xx");
        keepa.failNext(0, 503);
        long doneAfterFaults = catalog.done(fixture);
        assertTrue(doneAfterFaults < PRODUCTS, "the faults hit work still to do: " + doneAfterFaults);

        // Recovery: the queue drains, then the DLQ is redriven and drains too.
        until(() -> fixture.messagesIn(fixture.stack.queueUrl()) == 0, Duration.ofSeconds(120), "the queue to drain");
        int inDlq = fixture.messagesIn(fixture.stack.dlqUrl());
        CliRun run = CliRun.of(fixture.args("redrive-dlq", "--yes", "--poll-interval", "0.1"));
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        catalog.awaitSettled(fixture, Duration.ofSeconds(120));

        CatalogOutcome outcome = CatalogOutcome.assertExact(fixture, catalog.id(), catalog.skus());
        assertEquals(UNKNOWN.size(), outcome.status().failed(), "exactly the unknown ASINs failed");
        System.out.printf("keepa faults: %d 5xx, %d 429, %d batches redriven from the DLQ, %d of %d done after"
                + " the faults, %d product requests%n", keepa.serverErrorsServed(), keepa.tooManyRequestsServed(),
            inDlq, doneAfterFaults, PRODUCTS, keepa.productRequests());
      }
    }
  }
}
