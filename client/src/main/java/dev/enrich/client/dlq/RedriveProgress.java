package dev.enrich.client.dlq;

/** Hears how a redrive goes; the command draws it on stderr, tests ignore it. */
public interface RedriveProgress {
  RedriveProgress NONE = new RedriveProgress() {};

  default void start(long total) {}

  /** {@code moved} of {@code total} messages are back in the batch queue. */
  default void update(long moved, long total) {}

  default void finish() {}
}
