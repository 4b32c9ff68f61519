package dev.enrich.cli.submit;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How to submit a catalog.
 *
 * @param catalogId the id asked for, or null to derive one from the file name and content hash
 * @param maxMessageBytes the queue's message size limit (1 MiB on SQS; 256 KiB on older queues)
 * @param force replace a catalog of the same id that was submitted from a different file
 * @param senders batch rounds in flight at once
 */
public record SubmitOptions(String catalogId, String userId, OptionalInt batchSize, int maxMessageBytes,
    boolean force, int senders, Map<String, String> options) {
  public static final int SQS_MAX_MESSAGE_BYTES = 1024 * 1024;
  public static final int MIN_MESSAGE_BYTES = 1024;
  public static final int DEFAULT_SENDERS = 4;

  public SubmitOptions {
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  public static SubmitOptions defaults(String userId) {
    return new SubmitOptions(null, userId, OptionalInt.empty(), SQS_MAX_MESSAGE_BYTES, false, DEFAULT_SENDERS, Map.of());
  }
}
