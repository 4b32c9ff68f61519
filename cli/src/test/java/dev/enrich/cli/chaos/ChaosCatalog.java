package dev.enrich.cli.chaos;

import static dev.enrich.cli.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.output.CatalogStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** A synthetic catalog of a chaos test, submitted with the real command line, and waits on its progress. */
record ChaosCatalog(String id, Path file, Set<String> skus) {

  /** {@code products} valid rows: SKU {@code ID-00001}, ASIN {@link #asin(int)}. */
  static ChaosCatalog write(Path dir, String id, int products) throws IOException {
    StringBuilder csv = new StringBuilder("sku,asin,title,price\n");
    Set<String> skus = new LinkedHashSet<>();
    for (int i = 1; i <= products; i++) {
      String sku = String.format(Locale.ROOT, "%s-%05d", id.toUpperCase(Locale.ROOT), i);
      skus.add(sku);
      csv.append(String.format(Locale.ROOT, "%s,%s,Product %d,%d.99%n", sku, asin(i), i, i % 300));
    }
    return new ChaosCatalog(id, Files.writeString(dir.resolve(id + ".csv"), csv), Set.copyOf(skus));
  }

  /** The ASIN of product {@code i} (from 1). */
  static String asin(int i) {
    return String.format(Locale.ROOT, "B0%08d", i);
  }

  /** {@code enrich submit} in batches of {@code batchSize}; returns the number of batches. */
  int submit(StackFixture fixture, int batchSize) {
    CliRun run = CliRun.of(fixture.args("submit", file.toString(), "--catalog-id", id,
        "--batch-size", Integer.toString(batchSize)));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    return status(fixture).totalBatches();
  }

  CatalogStatus status(StackFixture fixture) {
    return new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName()).read(id);
  }

  /** Products counted done so far. */
  long done(StackFixture fixture) {
    return status(fixture).productsDone();
  }

  /** Waits until the catalog is in a final state and the queue holds nothing, in flight or not. */
  void awaitSettled(StackFixture fixture, Duration within) throws Exception {
    until(() -> status(fixture).state().terminal() && fixture.messagesIn(fixture.stack.queueUrl()) == 0, within,
        () -> "catalog " + id + " to settle: " + status(fixture) + ", "
            + fixture.messagesIn(fixture.stack.queueUrl()) + " messages in the queue");
  }
}
