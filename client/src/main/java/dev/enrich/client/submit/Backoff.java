package dev.enrich.client.submit;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, bounded, for retrying entries AWS left unprocessed. */
public final class Backoff {
  public static final int MAX_ATTEMPTS = 8;
  private static final long BASE_MS = 50;
  private static final long CAP_MS = 5_000;

  private Backoff() {}

  public static void sleep(int attempt) {
    long ceiling = Math.min(CAP_MS, BASE_MS << Math.min(attempt, 16));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying", e);
    }
  }
}
