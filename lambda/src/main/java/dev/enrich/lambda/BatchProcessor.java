package dev.enrich.lambda;

import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.ContractException;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.StatusTable;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.enrich.DeferredEnrichmentException;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.ProviderUsage;
import dev.enrich.lambda.enrich.TransientEnrichmentException;
import dev.enrich.lambda.events.CatalogSettlement;
import dev.enrich.lambda.events.CompletionPublisher;
import dev.enrich.lambda.store.BatchLedger;
import dev.enrich.lambda.store.ProductStore;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Processes one SQS record (one batch) per docs/architecture.md section 5. Each step is idempotent, so a
 * record may be delivered any number of times and progress still counts it once.
 */
public final class BatchProcessor {

  /** How one record ended; anything but {@link #isFailure()} lets SQS delete the message. */
  public enum Outcome {
    COMPLETED(false),
    DUPLICATE(false),
    CANCELLED(false),
    /** From a submission that {@code submit --force} replaced: dropped, it is not this catalog's batch. */
    STALE(false),
    /**
     * Put off: the provider cannot serve it soon (Keepa's tokens). Nothing was recorded or spent;
     * the handler sends it again with a delay, so it is no failure and no step toward the DLQ.
     */
    DEFERRED(false),
    RETRY(true),
    REJECTED(true);

    private final boolean failure;

    Outcome(boolean failure) {
      this.failure = failure;
    }

    public boolean isFailure() {
      return failure;
    }
  }

  /**
   * The outcome with what a log line needs.
   *
   * @param retried the products of a batch returned to the queue for another try (a provider or
   *     store outage): not enriched by this attempt, though not failed for good
   */
  public record Result(Outcome outcome, String catalogId, String batchId, int succeeded, int failed, String error,
      int retried, Duration retryAfter) {
    public Result(Outcome outcome, String catalogId, String batchId, int succeeded, int failed, String error) {
      this(outcome, catalogId, batchId, succeeded, failed, error, 0, null);
    }

    public Result(Outcome outcome, String catalogId, String batchId, int succeeded, int failed, String error,
        int retried) {
      this(outcome, catalogId, batchId, succeeded, failed, error, retried, null);
    }
  }

  private final MessageCodec codec;
  private final EnrichmentProvider provider;
  private final ProductStore products;
  private final BatchLedger ledger;
  private final Clock clock;
  private final CatalogSettlement settlement;
  private final ThreadLocal<ProviderUsage> usage = ThreadLocal.withInitial(() -> ProviderUsage.NONE);

  public BatchProcessor(
      MessageCodec codec, EnrichmentProvider provider, ProductStore products, BatchLedger ledger, Clock clock) {
    this(codec, provider, products, ledger, clock, CompletionPublisher.NONE);
  }

  /** Publishing one completion event per catalog to {@code completions}. */
  public BatchProcessor(MessageCodec codec, EnrichmentProvider provider, ProductStore products, BatchLedger ledger,
      Clock clock, CompletionPublisher completions) {
    this.codec = codec;
    this.provider = provider;
    this.products = products;
    this.ledger = ledger;
    this.clock = clock;
    this.settlement = new CatalogSettlement(ledger, completions, clock);
  }

  /** What the provider spent on this thread's last processed message. */
  public ProviderUsage lastUsage() {
    return usage.get();
  }

  public Result process(String body) {
    return process(body, Deadline.NONE);
  }

  /** Processes one message; provider waits and retries stop at {@code deadline}. */
  public Result process(String body, Deadline deadline) {
    usage.set(ProviderUsage.NONE);
    BatchMessage message;
    try {
      message = codec.read(body);
    } catch (ContractException e) {
      // Malformed or of an unknown version: it fails on every delivery and so ends in the DLQ.
      return new Result(Outcome.REJECTED, null, null, 0, 0, e.getMessage());
    }
    String catalogId = message.catalogId();
    String batchId = message.batchId();
    int shardCount = 0;
    // The provider's capacity first (Keepa's tokens): a batch it cannot serve soon is deferred before
    // anything is read or written for it, so a deferral costs one check, and is never an attempt in
    // status. Closing the reservation gives back what a batch that stops early did not use.
    try (EnrichmentProvider.Reservation reservation = provider.reserve(message.products(), message.options(), deadline)) {
      Optional<BatchLedger.CatalogView> catalog = ledger.catalog(catalogId);
      if (catalog.isEmpty()) {
        return new Result(Outcome.REJECTED, catalogId, batchId, 0, 0, "catalog " + catalogId + " is not in the status table");
      }
      Instant now = clock.instant();
      if (catalog.get().replacedSince(message.submittedAt())) {
        return new Result(Outcome.STALE, catalogId, batchId, 0, 0,
            "from a submission of " + message.submittedAt() + " that submit --force replaced");
      }
      if (catalog.get().draining()) {
        // Cancelled, or stopped for its failures: the batch leaves the queue unlooked-up.
        ledger.cancel(catalogId, batchId, catalog.get().shardCount(), now);
        return settled(catalog.get(), message, new Result(Outcome.CANCELLED, catalogId, batchId, 0, 0, null));
      }
      shardCount = catalog.get().shardCount();
      if (!withinBudget(message)) {
        return overBudget(message, catalog.get(), now);
      }
      Optional<Result> notStarted = start(catalogId, batchId, shardCount, now);
      if (notStarted.isPresent()) {
        return settled(catalog.get(), message, notStarted.get());
      }
      List<EnrichmentResult> results;
      try {
        results = provider.enrich(message.products(), message.options(), deadline);
      } finally {
        usage.set(provider.lastUsage());
      }
      products.upsert(catalogId, batchId, message.options(), results);
      int succeeded = (int) results.stream().filter(EnrichmentResult::enriched).count();
      int failed = results.size() - succeeded;
      count(message, catalog.get().shardCount(), succeeded, failed, usage.get().tokensConsumed());
      return settled(catalog.get(), message, new Result(Outcome.COMPLETED, catalogId, batchId, succeeded, failed, null));
    } catch (DeferredEnrichmentException e) {
      return new Result(Outcome.DEFERRED, catalogId, batchId, 0, 0, e.getMessage(), 0, e.retryAfter());
    } catch (TransientEnrichmentException | StoreUnavailableException e) {
      recordFailure(catalogId, batchId, shardCount, e.getMessage());
      return new Result(Outcome.RETRY, catalogId, batchId, 0, 0, e.getMessage(), message.products().size());
    }
  }

  /**
   * Counts the batch once and marks it COMPLETED; a batch of {@code enrich retry-failed} (its products
   * were counted FAILED before) moves its successes from failed to succeeded instead.
   */
  private void count(BatchMessage message, int shardCount, int succeeded, int failed, long tokens) {
    if (message.options().containsKey(StatusTable.RETRY_ROUND)) {
      ledger.completeRetry(message.catalogId(), message.batchId(), shardCount, succeeded, failed, tokens,
          clock.instant());
    } else {
      ledger.complete(message.catalogId(), message.batchId(), shardCount, succeeded, failed, tokens, clock.instant());
    }
  }

  /** Marks the batch started; the result instead when it completed before or is not the catalog's. */
  private Optional<Result> start(String catalogId, String batchId, int shardCount, Instant now) {
    return switch (ledger.start(catalogId, batchId, shardCount, now)) {
      case ALREADY_COMPLETED -> Optional.of(new Result(Outcome.DUPLICATE, catalogId, batchId, 0, 0, null));
      case UNKNOWN_BATCH -> Optional.of(new Result(Outcome.REJECTED, catalogId, batchId, 0, 0,
          "batch " + batchId + " is not in the status table"));
      case STARTED -> Optional.empty();
    };
  }

  /**
   * True unless the catalog has a token budget ({@code submit --max-tokens}) and this batch's cost
   * no longer fits in it. The claim is made once per batch, before anything is spent, so the
   * catalog never spends more than its budget, whatever the concurrency or the redeliveries.
   */
  private boolean withinBudget(BatchMessage message) {
    String budget = message.options().get(StatusTable.TOKEN_BUDGET_OPTION);
    if (budget == null || budget.isBlank()) {
      return true;
    }
    long cost = provider.cost(message.products(), message.options());
    return cost == 0 || ledger.claimTokens(message.catalogId(), message.batchId(), cost, Long.parseLong(budget.trim()));
  }

  /**
   * After a batch settled (counted, skipped, or found counted before): the catalog's failure stop
   * and completion event ({@link CatalogSettlement}). The batch is counted whatever happens here; a
   * failure to publish sends the message back, and its next delivery publishes.
   */
  private Result settled(BatchLedger.CatalogView catalog, BatchMessage message, Result result) {
    if (result.outcome() == Outcome.REJECTED) {
      return result;
    }
    try {
      settlement.afterBatch(catalog, message.batchId(),
          result.outcome() == Outcome.DUPLICATE || result.failed() > 0, message.options());
      return result;
    } catch (StoreUnavailableException e) {
      return new Result(Outcome.RETRY, result.catalogId(), result.batchId(), result.succeeded(), result.failed(),
          "batch settled, but " + e.getMessage());
    }
  }

  /** The budget is spent: the batch's products end FAILED with the reason, counted as any batch is. */
  private Result overBudget(BatchMessage message, BatchLedger.CatalogView catalog, Instant now) {
    String catalogId = message.catalogId();
    String batchId = message.batchId();
    int shardCount = catalog.shardCount();
    Optional<Result> notStarted = start(catalogId, batchId, shardCount, now);
    if (notStarted.isPresent()) {
      return settled(catalog, message, notStarted.get());
    }
    String reason = "token budget reached (submit --max-tokens " + message.options().get(StatusTable.TOKEN_BUDGET_OPTION)
        + "): not looked up";
    List<EnrichmentResult> results = message.products().stream()
        .map(p -> EnrichmentResult.failed(p, provider.name(), reason)).toList();
    products.upsert(catalogId, batchId, message.options(), results);
    count(message, shardCount, 0, results.size(), 0);
    return settled(catalog, message, new Result(Outcome.COMPLETED, catalogId, batchId, 0, results.size(), null));
  }

  private void recordFailure(String catalogId, String batchId, int shardCount, String error) {
    try {
      if (shardCount == 0) {
        // Failed before the catalog was read (the provider's capacity check comes first): read it
        // now, so the batch is listed as failing in its shard and status shows why.
        shardCount = ledger.catalog(catalogId).map(BatchLedger.CatalogView::shardCount).orElse(0);
      }
      ledger.fail(catalogId, batchId, shardCount, error, clock.instant());
    } catch (StoreUnavailableException e) {
      // The status table is what failed: the record is retried anyway, and the next attempt writes.
    }
  }
}
