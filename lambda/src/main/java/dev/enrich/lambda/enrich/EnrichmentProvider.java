package dev.enrich.lambda.enrich;

import dev.enrich.lambda.contract.Product;
import java.util.List;
import java.util.Map;

/** Looks products up at a marketplace data source. */
public interface EnrichmentProvider {

  /** The name stored as {@code source} on every product this provider enriches. */
  String name();

  /**
   * Enriches a batch. Returns exactly one result per product, in order. A product the source does
   * not know is a failed result, not an exception.
   *
   * @param options the batch's provider options from the message (for example the Keepa domain)
   * @throws TransientEnrichmentException when the source is unavailable and the batch should be retried
   */
  List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options);

  /**
   * As {@link #enrich(List, Map)}, giving up (with {@link TransientEnrichmentException}) rather
   * than wait or retry past {@code deadline}. Providers that never wait need not override it.
   */
  default List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options, Deadline deadline) {
    return enrich(products, options);
  }

  /** The cost of this thread's last {@code enrich} call; providers without a cost report none. */
  default ProviderUsage lastUsage() {
    return ProviderUsage.NONE;
  }
}
