package dev.enrich.contract;

import java.time.Instant;
import java.util.List;

/**
 * What a seller learns about one product from the marketplace. Prices are in the marketplace's
 * smallest unit (cents); {@code null} means the marketplace reports none.
 */
public record MarketData(
    String asin,
    String title,
    String brand,
    String manufacturer,
    List<String> categories,
    Long amazonPriceCents,
    Long newPriceCents,
    Long usedPriceCents,
    Long buyBoxPriceCents,
    Long salesRank,
    List<String> images,
    List<String> eans,
    List<String> upcs,
    Instant lastUpdate) {

  public MarketData {
    categories = categories == null ? List.of() : List.copyOf(categories);
    images = images == null ? List.of() : List.copyOf(images);
    eans = eans == null ? List.of() : List.copyOf(eans);
    upcs = upcs == null ? List.of() : List.copyOf(upcs);
  }
}
