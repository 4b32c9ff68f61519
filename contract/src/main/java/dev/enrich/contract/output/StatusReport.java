package dev.enrich.contract.output;

import dev.enrich.contract.BatchCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code status} prints (text and {@code --output json}); its JSON form is published as
 * docs/schemas/status.schema.json. Rates and ETA come from the catalog's own timestamps: products
 * done since its first batch started, over the time since then.
 *
 * <pre>{@code
 * StatusReport now = client.status("spring-2026");
 * if (now.state().terminal()) {
 *   notifySeller(now.catalogId(), now.succeeded(), now.failed());
 * }
 * response.send(OutputJson.write(now)); // the JSON of enrich status --output json
 * }</pre>
 *
 * @param productsPerSecond null until a product is done
 * @param etaSeconds null when unknown (nothing done yet) or the catalog is finished
 * @param tokensSpent Keepa tokens spent on the catalog, as Keepa reported them
 * @param tokenBudget the catalog's {@code submit --max-tokens}, or null
 * @param marketplaces codes of the marketplaces the catalog is looked up in; empty when not recorded
 * @param maxFailures the catalog's {@code submit --max-failures} as written, or null
 * @param stoppedReason why the catalog stopped (state FAILED: its failures passed the threshold), or null
 * @param unchangedProducts of a round submitted with {@code --incremental}, the products not sent
 *     because they were enriched from the same input; null for other submits ({@code totalProducts}
 *     counts the products sent)
 * @param removedProducts of such a round, the catalog's products removed because the new file no
 *     longer had them; null for other submits
 */
public record StatusReport(
    String catalogId,
    String userId,
    String sourceName,
    CatalogState state,
    int totalProducts,
    long productsDone,
    long succeeded,
    long failed,
    int invalidProducts,
    double percentDone,
    int totalBatches,
    int batchSize,
    BatchCounts batches,
    Instant submittedAt,
    Instant startedAt,
    Instant updatedAt,
    long elapsedSeconds,
    Double productsPerSecond,
    Long etaSeconds,
    long tokensSpent,
    Long tokenBudget,
    List<String> marketplaces,
    String maxFailures,
    String stoppedReason,
    Integer unchangedProducts,
    Integer removedProducts) {

  public static StatusReport of(CatalogStatus s, Instant now) {
    Instant end = s.state().terminal() && s.updatedAt() != null ? s.updatedAt() : now;
    long elapsed = s.submittedAt() == null ? 0 : Math.max(0, Duration.between(s.submittedAt(), end).getSeconds());
    Double rate = null;
    if (s.startedAt() != null && s.productsDone() > 0) {
      double seconds = Math.max(0.001, Duration.between(s.startedAt(), end).toMillis() / 1000.0);
      rate = round(s.productsDone() / seconds);
    }
    Long eta = null;
    if (!s.state().terminal() && rate != null && rate > 0) {
      eta = (long) Math.ceil(Math.max(0, s.totalProducts() - s.productsDone()) / rate);
    }
    double percent = s.totalProducts() == 0 ? 100.0 : round(100.0 * s.productsDone() / s.totalProducts());
    return new StatusReport(s.catalogId(), s.userId(), s.sourceName(), s.state(), s.totalProducts(),
        s.productsDone(), s.succeeded(), s.failed(), s.invalidProducts(), percent, s.totalBatches(),
        s.batchSize(), s.batches(), s.submittedAt(), s.startedAt(), s.updatedAt(), elapsed, rate, eta,
        s.tokensSpent(), s.tokenBudget(), s.marketplaces(), s.maxFailures(), s.stoppedReason(),
        s.unchangedProducts(), s.removedProducts());
  }

  /** The same report with a rate measured elsewhere (for example over the last polls of --watch). */
  public StatusReport withRate(double perSecond) {
    Long eta = state.terminal() || perSecond <= 0 ? etaSeconds
        : (Long) (long) Math.ceil(Math.max(0, totalProducts - productsDone) / perSecond);
    return new StatusReport(catalogId, userId, sourceName, state, totalProducts, productsDone, succeeded, failed,
        invalidProducts, percentDone, totalBatches, batchSize, batches, submittedAt, startedAt, updatedAt,
        elapsedSeconds, round(perSecond), eta, tokensSpent, tokenBudget, marketplaces, maxFailures,
        stoppedReason, unchangedProducts, removedProducts);
  }

  /**
   * The same report with an ETA no sooner than the Keepa plan's refill allows: the slower of the
   * observed rate and {@code perMinute} tokens a minute (one per product left, after the
   * {@code tokensLeft} already granted), or the token time alone while nothing is done yet.
   */
  public StatusReport withTokenRate(int perMinute, int tokensLeft) {
    if (state.terminal() || perMinute < 1) {
      return this;
    }
    long needed = Math.max(0, Math.max(0, totalProducts - productsDone) - tokensLeft);
    long tokenEta = (long) Math.ceil(needed * 60.0 / perMinute);
    Long eta = etaSeconds == null ? tokenEta : Math.max(etaSeconds, tokenEta);
    return new StatusReport(catalogId, userId, sourceName, state, totalProducts, productsDone, succeeded, failed,
        invalidProducts, percentDone, totalBatches, batchSize, batches, submittedAt, startedAt, updatedAt,
        elapsedSeconds, productsPerSecond, eta, tokensSpent, tokenBudget, marketplaces, maxFailures,
        stoppedReason, unchangedProducts, removedProducts);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
