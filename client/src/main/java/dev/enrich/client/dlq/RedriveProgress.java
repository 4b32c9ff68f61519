package dev.enrich.client.dlq;

/**
 * Hears how a redrive goes; the command draws it on stderr, tests ignore it.
 *
 * <pre>{@code
 * client.redriveDlq("spring-2026", null, 10, false, new RedriveProgress() {
 *   public void update(long moved, long total) { log.info("{}/{} moved", moved, total); }
 * }, log::info);
 * }</pre>
 */
public interface RedriveProgress {
  RedriveProgress NONE = new RedriveProgress() {};

  default void start(long total) {}

  /** {@code moved} of {@code total} messages are back in the batch queue. */
  default void update(long moved, long total) {}

  default void finish() {}
}
