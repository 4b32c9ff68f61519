package dev.enrich.cli;

import dev.enrich.client.EnrichException;
import dev.enrich.client.submit.BatchPlanner;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** {@code --batch-size N}: overrides the adaptive batch size; shared by the commands that submit. */
public final class BatchSizeOption {
  @Option(names = "--batch-size", paramLabel = "N",
      description = "Products per batch, 1-100 (default: adaptive, from the catalog size).")
  Integer batchSize;

  /** The override, checked; empty for the adaptive size. */
  public OptionalInt value() {
    if (batchSize == null) {
      return OptionalInt.empty();
    }
    if (batchSize < BatchPlanner.MIN_SIZE || batchSize > BatchPlanner.MAX_SIZE) {
      throw EnrichException.invalidInput("--batch-size must be between " + BatchPlanner.MIN_SIZE + " and "
          + BatchPlanner.MAX_SIZE + ", not " + batchSize);
    }
    return OptionalInt.of(batchSize);
  }
}
