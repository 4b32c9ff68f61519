package dev.enrich.contract;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Keys and attribute names of the status table (docs/architecture.md section 3). One catalog holds a
 * catalog item, one item per batch, and a fixed number of progress shards.
 */
public final class StatusTable {
  // keys
  public static final String CATALOG_ID = "catalog_id";
  public static final String BATCH_ID = "batch_id";
  public static final String USER_ID = "user_id";
  public static final String CREATED_AT = "created_at";
  public static final String BY_USER_INDEX = "by_user";

  /** Sort key of the catalog item. '#' sorts before 'B', so catalog item and shards come first. */
  public static final String CATALOG_ITEM = "#CATALOG";
  public static final String SHARD_PREFIX = "#P#";
  public static final String BATCH_PREFIX = "B#";

  // catalog item
  public static final String SOURCE_NAME = "source_name";
  public static final String CONTENT_HASH = "content_hash";
  public static final String TOTAL_PRODUCTS = "total_products";
  public static final String INVALID_PRODUCTS = "invalid_products";
  public static final String TOTAL_BATCHES = "total_batches";
  public static final String BATCH_SIZE = "batch_size";
  public static final String SHARD_COUNT = "shard_count";
  public static final String SUBMIT_STATE = "submit_state";
  /** {@link #SUBMIT_STATE} once the submitter has sent every batch. */
  public static final String SUBMIT_SENT = "SENT";
  public static final String OPTIONS = "options";
  /** List of marketplace codes ({@code de}) the catalog's batches go to, in Keepa's domain order. */
  public static final String MARKETPLACES = "marketplaces";
  public static final String CANCELLED = "cancelled";
  /**
   * Of a {@code submit --incremental} round: the file's products not sent because MongoDB holds
   * them enriched with the same fingerprint, and the catalog's documents the new file no longer
   * has, which the submit removed. {@link #TOTAL_PRODUCTS} then counts the products sent.
   */
  public static final String UNCHANGED_PRODUCTS = "unchanged_products";
  public static final String REMOVED_PRODUCTS = "removed_products";
  public static final String UPDATED_AT = "updated_at";
  /**
   * The catalog's token budget ({@code submit --max-tokens}), in its {@link #OPTIONS} and so in
   * every message, and the tokens its batches have claimed against it, with the ids of the batches
   * that claimed (so a batch delivered again claims once).
   */
  public static final String TOKEN_BUDGET_OPTION = "token_budget";
  public static final String TOKENS_CLAIMED = "tokens_claimed";
  public static final String BUDGET_CLAIMS = "budget_claims";
  /**
   * The catalog's failure threshold ({@code submit --max-failures}, read by {@link FailureThreshold}),
   * in its {@link #OPTIONS} and so in every message; once its failed products pass it, the consumer
   * sets {@link #STOPPED_REASON} and {@link #STOPPED_AT}, and drains the remaining batches unlooked-up.
   */
  public static final String MAX_FAILURES_OPTION = "max_failures";
  /**
   * {@code enrich retry-failed}: the catalog item's round number (1 for the first retry), the
   * number of its first batch (the round's batches follow the catalog's), and whether the failed
   * products' documents are marked with their round and batch yet. In a round's messages'
   * options the round number says the products were counted FAILED before: the consumer then
   * moves the ones that now succeed from failed to succeeded, and counts nothing twice.
   */
  public static final String RETRY_ROUND = "retry_round";
  public static final String RETRY_FROM = "retry_from";
  public static final String RETRY_MARKED = "retry_marked";
  public static final String STOPPED_REASON = "stopped_reason";
  public static final String STOPPED_AT = "stopped_at";
  /**
   * The catalog's completion event (docs/architecture.md section 5): the terminal state it reported,
   * the batch whose delivery claimed the right to publish it, when, until when the claim holds
   * unpublished (epoch ms), and when it was published. The claim is one conditional write, so one
   * event per catalog whatever the duplicates or the races.
   */
  public static final String COMPLETION_STATE = "completion_state";
  public static final String COMPLETION_CLAIMED_BY = "completion_claimed_by";
  public static final String COMPLETION_CLAIMED_AT = "completion_claimed_at";
  public static final String COMPLETION_CLAIM_UNTIL = "completion_claim_until";
  public static final String COMPLETION_PUBLISHED_AT = "completion_published_at";

  // batch item
  public static final String STATUS = "status";
  public static final String PRODUCT_COUNT = "product_count";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String ATTEMPTS = "attempts";
  public static final String MESSAGE_ID = "message_id";
  public static final String QUEUED_AT = "queued_at";
  public static final String STARTED_AT = "started_at";
  public static final String COMPLETED_AT = "completed_at";
  public static final String LAST_ERROR = "last_error";
  public static final String SHARD = "shard";

  // progress shard
  public static final String PRODUCTS_DONE = "products_done";
  public static final String BATCHES_DONE = "batches_done";
  public static final String COUNTED = "counted";
  /** Keepa tokens the shard's counted batches spent, as Keepa reported them (tokensConsumed). */
  public static final String TOKENS_SPENT = "tokens_spent";
  /**
   * Batch ids by state, kept with idempotent set ADD/DELETE so {@code status} can count batches by
   * state from the shards alone. A set can hold a stale id after a crash or a race between two
   * deliveries; readers rank counted over processing over failing, which makes the counts exact
   * once the batches settle.
   */
  public static final String PROCESSING_SET = "processing";
  public static final String FAILING_SET = "failing";
  public static final String SKIPPED_SET = "skipped";
  /** When the shard's first batch started (for the catalog's throughput). */
  public static final String FIRST_STARTED_AT = "first_started_at";

  // Keepa token pool: one item the consumers of a stack share (docs/architecture.md section 5)
  /** Partition of the token pool item; no catalog item lives there, so {@code list} never sees it. */
  public static final String TOKEN_POOL_PARTITION = "#keepa";
  /** Sort key prefix of a pool item; a hash of the Keepa endpoint follows (tests run several stand-ins). */
  public static final String TOKEN_POOL_ITEM = "#TOKENS";
  /** Keepa's latest status: tokens left, ms until the refill, tokens per refill, when (here and on Keepa's clock). */
  public static final String POOL_TOKENS_LEFT = "tokens_left";
  public static final String POOL_REFILL_IN = "refill_in_ms";
  public static final String POOL_REFILL_RATE = "refill_rate";
  public static final String POOL_OBSERVED_AT = "observed_at_ms";
  public static final String POOL_SERVER_TIME = "server_time_ms";
  /** Tokens claimed by requests not yet answered: claim id ({@code epochMillis.owner.n}) to tokens. */
  public static final String POOL_CLAIMS = "claims";
  /** Their sum, and the tokens left for new claims: tokens left less claimed, kept so by every write. */
  public static final String POOL_CLAIMED = "claimed";
  public static final String POOL_AVAILABLE = "available";
  /** Tokens of deferred batches still due from refills, as of {@link #POOL_DEFERRED_AT} (epoch ms). */
  public static final String POOL_DEFERRED = "deferred_tokens";
  public static final String POOL_DEFERRED_AT = "deferred_at_ms";

  /** Longest last_error kept on a batch item. */
  public static final int MAX_ERROR_LENGTH = 500;

  /** Batches one shard counts at most on average: keeps each shard's id set a few KB. */
  static final int BATCHES_PER_SHARD = 500;

  static final int MAX_SHARDS = 100;

  /** Always nine fraction digits: see {@link #sortableTime}. */
  private static final DateTimeFormatter SORTABLE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private StatusTable() {}

  /**
   * {@code created_at} as the {@code by_user} index sorts it: as a string. {@link Instant#toString()}
   * drops trailing zero digits ({@code 12:00:05Z} sorts after {@code 12:00:05.5Z}), so the index
   * would misorder catalogs of the same second; a fixed width keeps string order equal to time
   * order. {@link Instant#parse} reads both forms.
   */
  public static String sortableTime(Instant time) {
    return SORTABLE_TIME.format(time);
  }

  public static String batchId(int number) {
    return String.format(Locale.ROOT, "%s%06d", BATCH_PREFIX, number);
  }

  public static String shardId(int shard) {
    return String.format(Locale.ROOT, "%s%02d", SHARD_PREFIX, shard);
  }

  /** The shard count fixed at submit time for a catalog of this many batches. */
  public static int shardCountFor(int batches) {
    int shards = (batches + BATCHES_PER_SHARD - 1) / BATCHES_PER_SHARD;
    return Math.max(1, Math.min(MAX_SHARDS, shards));
  }

  /** How many of a catalog's batches ({@code B#000001} to its total) its shard {@code shard} counts. */
  public static int batchesInShard(int shard, int shardCount, int totalBatches) {
    if (shardCount <= 1) {
      return totalBatches;
    }
    int n = 0;
    for (int b = 1; b <= totalBatches; b++) {
      if (shardOf(batchId(b), shardCount) == shard) {
        n++;
      }
    }
    return n;
  }

  /** The progress shard that counts a batch: a stable hash of its id. */
  public static int shardOf(String batchId, int shardCount) {
    if (shardCount <= 1) {
      return 0;
    }
    CRC32 crc = new CRC32();
    crc.update(batchId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shardCount);
  }
}
