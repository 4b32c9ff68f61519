package dev.enrich.lambda.enrich;

import dev.enrich.contract.Product;
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

  /**
   * What a batch will spend, held for it before the batch is marked as started, so that a batch the
   * provider cannot serve soon is deferred before anything about it is recorded. The calling thread's
   * next {@code enrich} of these products uses the reservation; closing it returns what was not used.
   *
   * @throws DeferredEnrichmentException when the provider cannot serve the batch within its short wait
   */
  default Reservation reserve(List<Product> products, Map<String, String> options, Deadline deadline) {
    return Reservation.NONE;
  }

  /** What {@code enrich} of these products will cost in the provider's own units (Keepa: tokens); 0 when free. */
  default long cost(List<Product> products, Map<String, String> options) {
    return 0;
  }

  /** Capacity held for one batch; closing it releases what its {@code enrich} did not use. */
  interface Reservation extends AutoCloseable {
    Reservation NONE = () -> { };

    @Override
    void close();
  }

  /** The cost of this thread's last {@code enrich} call; providers without a cost report none. */
  default ProviderUsage lastUsage() {
    return ProviderUsage.NONE;
  }
}
