package dev.enrich.client.submit;

/**
 * Hears how sending goes; the command draws it, tests ignore it. Called from sender threads.
 *
 * <pre>{@code
 * client.submit(request, source, rejection -> { }, new SubmitProgress() {
 *   public void sent(int batches) { sentCounter.add(batches); }
 * });
 * }</pre>
 */
public interface SubmitProgress {
  SubmitProgress NONE = new SubmitProgress() {};

  /** Sending starts: {@code due} batches to send, {@code alreadySent} skipped from earlier runs. */
  default void start(int due, int alreadySent) {}

  default void sent(int batches) {}

  default void finish() {}
}
