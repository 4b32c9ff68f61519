package dev.enrich.lambda.enrich;

import dev.enrich.contract.MarketData;
import dev.enrich.contract.Product;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deterministic synthetic market data, for demos, load tests and the local stack. The same product
 * always gets the same data, so re-deliveries converge. Every result says {@code source: mock}; it
 * is used only when configured explicitly, never as a silent fallback.
 */
public final class MockProvider implements EnrichmentProvider {
  public static final String NAME = "mock";

  private static final String[][] CATEGORIES = {
    {"Home & Kitchen", "Kitchen & Dining", "Cookware"},
    {"Electronics", "Computers & Accessories", "Cables"},
    {"Sports & Outdoors", "Outdoor Recreation", "Camping"},
    {"Toys & Games", "Puzzles"},
    {"Beauty & Personal Care", "Skin Care"},
    {"Tools & Home Improvement", "Power Tools"},
  };

  private final Clock clock;

  public MockProvider(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
    List<EnrichmentResult> results = new ArrayList<>(products.size());
    for (Product product : products) {
      String id = product.primaryIdentifier();
      if (id == null) {
        results.add(EnrichmentResult.failed(product, NAME, "no identifier (ASIN, UPC, EAN or GTIN)"));
        continue;
      }
      results.add(EnrichmentResult.enriched(product, NAME, synthesise(product, id)));
    }
    return results;
  }

  private MarketData synthesise(Product product, String id) {
    byte[] h = sha256(id);
    long seed = 0;
    for (int i = 0; i < 8; i++) {
      seed = (seed << 8) | (h[i] & 0xff);
    }
    long basePrice = 499 + Math.floorMod(seed, 20_000L);
    String asin = product.asin() != null ? product.asin() : "B0" + hex(h, 4).toUpperCase(java.util.Locale.ROOT);
    String title = product.title() != null ? product.title() : "Product " + id;
    String brand = product.brand() != null ? product.brand() : "Brand " + hex(h, 2).toUpperCase(java.util.Locale.ROOT);
    return new MarketData(
        asin,
        title,
        brand,
        brand,
        List.of(CATEGORIES[Math.floorMod(h[9], CATEGORIES.length)]),
        basePrice,
        basePrice - Math.floorMod(h[10], 100),
        basePrice / 2 + Math.floorMod(h[11], 100),
        basePrice + Math.floorMod(h[12], 50),
        1L + Math.floorMod(seed >>> 8, 500_000L),
        List.of("https://images.example.invalid/" + asin + ".jpg"),
        product.ean() != null ? List.of(product.ean()) : List.of(),
        product.upc() != null ? List.of(product.upc()) : List.of(),
        clock.instant());
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static String hex(byte[] bytes, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(String.format("%02x", bytes[i]));
    }
    return sb.toString();
  }
}
