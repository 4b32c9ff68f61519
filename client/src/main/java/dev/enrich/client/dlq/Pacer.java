package dev.enrich.client.dlq;

/** Keeps a redrive at or under {@code rate} messages per second (none: as fast as SQS takes them). */
final class Pacer {
  private final Integer rate;
  private long next = System.nanoTime();

  Pacer(Integer rate) {
    this.rate = rate;
  }

  /** Messages to take at once: a second's worth, at most the 10 of one SQS call. */
  int burst() {
    return rate == null ? 10 : Math.max(1, Math.min(10, rate));
  }

  /** Waits until {@code messages} more may go. */
  void acquire(int messages) throws InterruptedException {
    if (rate == null) {
      return;
    }
    long now = System.nanoTime();
    if (next > now) {
      long wait = next - now;
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      now = System.nanoTime();
    }
    next = Math.max(now, next) + (long) (messages * 1e9 / rate);
  }
}
