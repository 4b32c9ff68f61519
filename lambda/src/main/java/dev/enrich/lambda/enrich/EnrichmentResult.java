package dev.enrich.lambda.enrich;

import dev.enrich.contract.MarketData;
import dev.enrich.contract.Product;
import java.util.Objects;

/**
 * The outcome for one product: enriched with market data, or failed with a reason. A failed product
 * does not fail its batch.
 *
 * @param source which provider produced the result ("keepa", "mock")
 */
public record EnrichmentResult(Product product, boolean enriched, String reason, String source, MarketData data) {

  public EnrichmentResult {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(source, "source");
  }

  public static EnrichmentResult enriched(Product product, String source, MarketData data) {
    return new EnrichmentResult(product, true, null, source, Objects.requireNonNull(data, "data"));
  }

  public static EnrichmentResult failed(Product product, String source, String reason) {
    return new EnrichmentResult(product, false, Objects.requireNonNull(reason, "reason"), source, null);
  }
}
