package dev.enrich.lambda.enrich;

import dev.enrich.contract.Product;
import java.util.List;
import java.util.Map;

/**
 * A provider that answers from a second one when the first is unavailable for a whole batch.
 * Only built when configured ({@code ENRICH_PROVIDER_FALLBACK}); every product it answers carries
 * the second provider's name as its {@code source}, so mock data is never mistaken for real data.
 */
public final class FallbackProvider implements EnrichmentProvider {
  private final EnrichmentProvider primary;
  private final EnrichmentProvider fallback;

  public FallbackProvider(EnrichmentProvider primary, EnrichmentProvider fallback) {
    this.primary = primary;
    this.fallback = fallback;
  }

  @Override
  public String name() {
    return primary.name() + "+" + fallback.name();
  }

  @Override
  public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
    return enrich(products, options, Deadline.NONE);
  }

  @Override
  public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options, Deadline deadline) {
    try {
      return primary.enrich(products, options, deadline);
    } catch (TransientEnrichmentException unavailable) {
      return fallback.enrich(products, options, deadline);
    }
  }

  @Override
  public long cost(List<Product> products, Map<String, String> options) {
    return primary.cost(products, options);
  }

  /** The primary's: a deferral is not unavailability, so it is no reason to answer from the fallback. */
  @Override
  public Reservation reserve(List<Product> products, Map<String, String> options, Deadline deadline) {
    try {
      return primary.reserve(products, options, deadline);
    } catch (TransientEnrichmentException unavailable) {
      return Reservation.NONE; // enrich() then answers from the fallback
    }
  }

  @Override
  public ProviderUsage lastUsage() {
    return primary.lastUsage();
  }
}
