package dev.enrich.cli;

import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.EnrichException;
import picocli.CommandLine.Option;

/** How the in-process worker polls; shared by {@code worker} and {@code local up}. */
public final class WorkerOptions {
  @Option(names = "--records", paramLabel = "N", defaultValue = "10",
      description = "Records (batches) per invocation, 1-10 (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "10",
      description = "Invocations at once (default: ${DEFAULT-VALUE}, the stack's reserved concurrency).")
  int concurrency;

  @Option(names = "--poll-wait", paramLabel = "SECONDS", defaultValue = "5",
      description = "Long-poll wait per receive, 0-20 s (default: ${DEFAULT-VALUE}).")
  int pollWait;

  @Option(names = "--function-timeout", paramLabel = "SECONDS", defaultValue = "900",
      description = "Deadline each invocation sees, like the Lambda timeout (default: ${DEFAULT-VALUE}).")
  int functionTimeout;

  public WorkerSettings settings() {
    try {
      return new WorkerSettings(records, concurrency, pollWait, functionTimeout);
    } catch (IllegalArgumentException e) {
      throw EnrichException.invalidInput(e.getMessage());
    }
  }
}
