package dev.enrich.client.submit;

import dev.enrich.client.EnrichException;
import dev.enrich.contract.FailureThreshold;
import dev.enrich.contract.Marketplace;
import dev.enrich.contract.StatusTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How to submit a catalog.
 *
 * <pre>{@code
 * SubmitRequest request = SubmitRequest.defaults("seller-42").withCatalogId("spring-2026").withMaxFailures("5%");
 * client.submit(request, CatalogSource.file(Path.of("spring.csv")));
 * }</pre>
 *
 * @param catalogId the id asked for, or null to derive one from the file name and content hash
 * @param maxMessageBytes the queue's message size limit (1 MiB on SQS; 256 KiB on older queues)
 * @param force replace a catalog of the same id that was submitted from a different file
 * @param senders batch rounds in flight at once
 * @param incremental send only the products that are new, changed, failed or older than {@code
 *     maxAge} since the catalog's documents in MongoDB were enriched (docs/architecture.md section 10),
 *     and remove the documents of products the file no longer has
 * @param maxAge with {@code incremental}: an enriched product older than this is sent again
 */
public record SubmitRequest(String catalogId, String userId, OptionalInt batchSize, int maxMessageBytes,
    boolean force, int senders, Map<String, String> options, boolean incremental, Duration maxAge) {
  public static final int SQS_MAX_MESSAGE_BYTES = 1024 * 1024;
  public static final int MIN_MESSAGE_BYTES = 1024;
  public static final int DEFAULT_SENDERS = 4;
  /** How long an enriched product counts as fresh for {@code --incremental} unless told otherwise. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);

  public SubmitRequest {
    options = options == null ? Map.of() : Map.copyOf(options);
    maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
  }

  /** A request that sends every product of the catalog (not incremental). */
  public SubmitRequest(String catalogId, String userId, OptionalInt batchSize, int maxMessageBytes, boolean force,
      int senders, Map<String, String> options) {
    this(catalogId, userId, batchSize, maxMessageBytes, force, senders, options, false, DEFAULT_MAX_AGE);
  }

  /**
   * This request, incremental: only products new, changed, failed or enriched longer than {@code
   * maxAge} ago are sent (null: {@link #DEFAULT_MAX_AGE}).
   */
  public SubmitRequest withIncremental(Duration maxAge) {
    return new SubmitRequest(catalogId, userId, batchSize, maxMessageBytes, force, senders, options, true, maxAge);
  }

  /**
   * Refuses what an incremental request cannot mean: no catalog id (a derived one changes with the
   * file, so there is no earlier version to compare with), {@code force} (an incremental submit
   * replaces the catalog's round anyway), a max age under a minute.
   */
  public void requireConsistent() {
    if (!incremental) {
      return;
    }
    if (catalogId == null) {
      throw EnrichException.invalidInput("--incremental needs --catalog-id: the new version is compared with the "
          + "catalog of that id");
    }
    if (force) {
      throw EnrichException.invalidInput("--incremental and --force do not go together: an incremental submit "
          + "replaces the catalog's earlier round by itself; drop --force");
    }
    if (maxAge.compareTo(Duration.ofMinutes(1)) < 0) {
      throw EnrichException.invalidInput("--max-age must be at least 1m, not " + maxAge.getSeconds() + "s");
    }
  }

  /**
   * The catalog's marketplace: the flag, else the {@code marketplace} setting, else {@code com}. A
   * value that names none is a usage error listing the valid ones.
   */
  public static Marketplace marketplace(String flag, String setting) {
    String source = flag != null ? "--marketplace" : "the marketplace setting (ENRICH_MARKETPLACE or the profile)";
    String value = flag != null ? flag : setting;
    if (value == null) {
      return Marketplace.DEFAULT;
    }
    try {
      return Marketplace.parse(value);
    } catch (IllegalArgumentException e) {
      throw EnrichException.invalidInput(source + ": " + e.getMessage());
    }
  }

  /** This request for catalog {@code catalogId} (null: derived from the source's name and content). */
  public SubmitRequest withCatalogId(String catalogId) {
    return new SubmitRequest(catalogId, userId, batchSize, maxMessageBytes, force, senders, options, incremental,
        maxAge);
  }

  /**
   * This request with a failure threshold ({@code submit --max-failures}): {@code 5%} of the
   * catalog's valid products, or a count such as {@code 25}. Once its failed products pass it, the
   * consumer stops the catalog (state FAILED) and drains the rest without looking it up. Null
   * removes it; a value that is neither is a usage error.
   */
  public SubmitRequest withMaxFailures(String threshold) {
    Map<String, String> changed = new HashMap<>(options);
    if (threshold == null) {
      changed.remove(StatusTable.MAX_FAILURES_OPTION);
    } else {
      try {
        changed.put(StatusTable.MAX_FAILURES_OPTION, FailureThreshold.parse(threshold).describe());
      } catch (IllegalArgumentException e) {
        throw EnrichException.invalidInput(e.getMessage());
      }
    }
    return new SubmitRequest(catalogId, userId, batchSize, maxMessageBytes, force, senders, changed, incremental,
        maxAge);
  }

  /** The defaults of {@code enrich submit} for {@code userId}: batch size by rule, 1 MiB messages, 4 senders. */
  public static SubmitRequest defaults(String userId) {
    return new SubmitRequest(null, userId, OptionalInt.empty(), SQS_MAX_MESSAGE_BYTES, false, DEFAULT_SENDERS, Map.of());
  }
}
