package dev.enrich.cli.worker;

/**
 * How the local worker polls, like a Lambda SQS event source mapping.
 *
 * @param recordsPerInvocation SQS messages (batches of products) per handler invocation, 1-10, as an
 *     event source mapping's batch size
 * @param concurrency invocations running at once (the seed's reserved concurrency is 10)
 * @param pollWaitSeconds long-poll wait of each ReceiveMessage, 0-20
 * @param functionTimeoutSeconds the invocation deadline the handler sees
 */
public record WorkerSettings(int recordsPerInvocation, int concurrency, int pollWaitSeconds, int functionTimeoutSeconds) {
  public WorkerSettings {
    if (recordsPerInvocation < 1 || recordsPerInvocation > 10) {
      throw new IllegalArgumentException("records per invocation must be 1-10, not " + recordsPerInvocation);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
    if (pollWaitSeconds < 0 || pollWaitSeconds > 20) {
      throw new IllegalArgumentException("poll wait must be 0-20 seconds, not " + pollWaitSeconds);
    }
    if (functionTimeoutSeconds < 1) {
      throw new IllegalArgumentException("function timeout must be at least 1 second");
    }
  }

  public static WorkerSettings defaults() {
    return new WorkerSettings(10, 10, 5, 900);
  }
}
