package dev.enrich.lambda.enrich;

import java.time.Duration;

/**
 * When the work on a batch must stop: the Lambda invocation's remaining time less a margin for
 * writing results. Retries and token waits never run past it; the record fails instead and SQS
 * delivers it again later.
 */
public record Deadline(long atNanos) {
  /** No limit: for tools and tests that run outside an invocation. */
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE);

  public static Deadline in(Duration duration) {
    long now = System.nanoTime();
    long nanos = duration.toNanos();
    return new Deadline(nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos);
  }

  public long remainingMillis() {
    if (atNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, (atNanos - System.nanoTime()) / 1_000_000);
  }

  /** True if waiting {@code millis} would still end before the deadline. */
  public boolean allows(long millis) {
    return millis < remainingMillis();
  }
}
