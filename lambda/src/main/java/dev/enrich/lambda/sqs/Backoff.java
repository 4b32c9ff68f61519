package dev.enrich.lambda.sqs;

import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How long a failed record stays invisible before its next try: {@code base} after its first
 * receive, doubling with every receive, capped, with equal jitter (a delay drawn uniformly from the
 * upper half of the step).
 *
 * <p>Equal jitter rather than full jitter (drawn from {@code [0, step]}): both spread the records
 * of one outage so that they do not all come back together, but only equal jitter keeps a floor of
 * half the step. That floor is what lets MaxReceiveCount promise a minimum time before the DLQ
 * (docs/operations.md, "Retries"): with full jitter every delay could be near zero and a burst of failures
 * could reach the DLQ in seconds.
 *
 * @see <a href="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/">Exponential backoff and jitter</a>
 */
public record Backoff(Duration base) {
  public static final Duration DEFAULT_BASE = Duration.ofSeconds(60);
  /** SQS's largest visibility timeout (ChangeMessageVisibility's VisibilityTimeout, 0-43200 s). */
  public static final Duration MAX = Duration.ofHours(12);
  /** The record attribute Lambda and ReceiveMessage give: how many times SQS has delivered it. */
  public static final String RECEIVE_COUNT = "ApproximateReceiveCount";

  public Backoff {
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("the base backoff must be positive, not " + base);
    }
  }

  /** The step before jitter after the {@code receiveCount}-th receive: base x 2^(n-1), at most {@code cap}. */
  public Duration step(int receiveCount, Duration cap) {
    Duration limit = cap.compareTo(MAX) > 0 ? MAX : cap;
    int doublings = Math.max(0, receiveCount - 1);
    // Past 2^40 any base is over 12 hours; stopping there keeps the shift from overflowing.
    if (doublings > 40 || base.toMillis() > (limit.toMillis() >> doublings)) {
      return limit;
    }
    return Duration.ofMillis(base.toMillis() << doublings);
  }

  /**
   * The step with equal jitter: whole seconds (as SQS takes them), uniformly from half the step,
   * rounded up, to the step. Never 0, which would make the record visible at once.
   */
  public Duration delay(int receiveCount, Duration cap, RandomGenerator random) {
    long step = Math.max(1, (step(receiveCount, cap).toMillis() + 999) / 1000);
    long half = (step + 1) / 2;
    return Duration.ofSeconds(half + random.nextLong(step - half + 1));
  }

  /** The receive count of a record; 1 when the attribute is missing (a hand-made event). */
  public static int receiveCount(Map<String, String> attributes) {
    String value = attributes == null ? null : attributes.get(RECEIVE_COUNT);
    try {
      return value == null ? 1 : Math.max(1, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
