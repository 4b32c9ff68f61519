package dev.enrich.client.submit;

import dev.enrich.client.catalog.CatalogScan;
import dev.enrich.contract.Marketplace;
import java.util.List;

/**
 * A checked catalog and how it will be sent: what {@code --dry-run} prints and what a submit follows.
 *
 * <pre>{@code
 * try (SubmitPlan plan = client.plan(request, CatalogSource.file(path), rejection -> { })) {
 *   System.out.println(plan.batches().batches() + " batches, " + plan.keepaTokens() + " Keepa tokens");
 * }
 * }</pre>
 *
 * @param messageBytes estimated bytes of all message bodies and attributes
 * @param messageChunks estimated 64 KiB chunks over all messages (what SQS bills)
 * @param marketplaces the marketplaces the batches go to, in Keepa's domain order; empty when the
 *     options name none and no row names one
 * @param incremental what {@code --incremental} decided, or null for a submit that sends every product;
 *     {@code batches} then cut only the products to send
 */
public record SubmitPlan(String catalogId, CatalogScan scan, BatchPlan batches, long productBytes,
    long largestProductBytes, long messageBytes, long messageChunks, int maxMessageBytes, ProductSpool spool,
    List<Marketplace> marketplaces, Incremental incremental) implements AutoCloseable {

  /** Deletes the spooled products. */
  @Override
  public void close() {
    if (spool != null) {
      spool.close();
    }
  }

  /** One Keepa token per product looked up (docs/architecture.md section 5), of the products to send. */
  public long keepaTokens() {
    return batches.products();
  }
}
