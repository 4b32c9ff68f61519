package dev.enrich.client.track;

import dev.enrich.contract.MarketData;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.store.MongoProductStore;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bson.Document;

/** Product documents as the consumer stores them, and an in-memory {@link ProductSource} over them. */
final class StoredProducts {
  static final Instant AT = Instant.parse("2026-11-30T10:15:30.123Z");

  private StoredProducts() {}

  static Document enriched(String sku, long line, Map<String, String> attributes) {
    Product p = new Product(sku, "B0000000" + String.format("%02d", line % 100), "036000291452", null, null,
        "8\" Chef's Knife, German Steel", "Hollbrook", "49.99", line, attributes);
    MarketData m = new MarketData("B0000000" + String.format("%02d", line % 100), "Chef's Knife", "Hollbrook",
        "Hollbrook GmbH", List.of("Home & Kitchen", "Cutlery"), 4999L, 4500L, null, 4899L, 1234L,
        List.of("https://img.example.invalid/a.jpg", "https://img.example.invalid/b.jpg"),
        List.of("0036000291452"), List.of("036000291452"), Instant.parse("2026-11-29T08:00:00Z"));
    return MongoProductStore.toDocument("cat", "B#000001", EnrichmentResult.enriched(p, "keepa", m), Date.from(AT));
  }

  static Document failed(String sku, long line, String reason) {
    Product p = new Product(sku, null, null, "4006381333931", null, "Multi\nline title", null, null, line, Map.of());
    return MongoProductStore.toDocument("cat", "B#000002", EnrichmentResult.failed(p, "mock", reason), Date.from(AT));
  }

  /** Serves documents from a list, sorted by SKU as MongoDB would; counts how often it was opened. */
  static class ListSource implements ProductSource {
    final List<Document> documents;
    int opened;
    boolean closed;

    ListSource(List<Document> documents) {
      this.documents = documents.stream()
          .sorted((a, b) -> a.getString("sku").compareTo(b.getString("sku"))).toList();
    }

    @Override
    public List<String> attributeKeys(String catalogId) {
      TreeSet<String> keys = new TreeSet<>();
      for (Document d : documents) {
        Document attributes = d.get("input", Document.class).get("attributes", Document.class);
        if (attributes != null) {
          keys.addAll(attributes.keySet());
        }
      }
      return List.copyOf(keys);
    }

    @Override
    public Cursor open(String catalogId) {
      opened++;
      Iterator<Document> it = documents.iterator();
      return new Cursor() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Document next() {
          return it.next();
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }
  }

  static Map<String, String> attributes(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
