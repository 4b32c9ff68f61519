package dev.enrich.client.submit;

import dev.enrich.contract.Fingerprint;
import dev.enrich.contract.Product;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The decision of {@code submit --incremental} in the checking pass (docs/architecture.md section
 * 10): each checked product's fingerprint goes into a {@link SkuKeySort}; after the pass the sorted
 * keys are merged with the catalog's stored documents, read in the same SKU order, in one walk over
 * both. Memory holds a run of keys and one bit per product, not the catalog.
 */
final class IncrementalScan implements AutoCloseable {
  private final ProductHistory history;
  private final String catalogId;
  private final Instant now;
  private final Duration maxAge;
  private final SkuKeySort keys;

  IncrementalScan(ProductHistory history, String catalogId, Instant now, Duration maxAge) {
    this(history, catalogId, now, maxAge, new SkuKeySort());
  }

  IncrementalScan(ProductHistory history, String catalogId, Instant now, Duration maxAge, SkuKeySort keys) {
    this.history = history;
    this.catalogId = catalogId;
    this.now = now;
    this.maxAge = maxAge;
    this.keys = keys;
  }

  /** A checked product: the {@code ordinal}-th, of marketplace {@code tag}, {@code bytes} long as JSON. */
  void add(Product product, int tag, int ordinal, int bytes) {
    keys.add(product.sku(), Fingerprint.of(product, tag), ordinal, tag, bytes);
  }

  /**
   * Merges the keys with the stored documents. {@code sent} hears each product to send (its tag and
   * size), so the caller plans the batches of those only; {@code inCatalog} answers for the removal.
   */
  Incremental decide(long accepted, SentListener sent, Predicate<String> inCatalog) {
    BitSet skipped = new BitSet((int) Math.min(Integer.MAX_VALUE, accepted));
    long[] counts = new long[2]; // unchanged, removed
    try (Stream<ProductHistory.Stored> stored = history.inSkuOrder(catalogId)) {
      Iterator<ProductHistory.Stored> docs = stored.iterator();
      ProductHistory.Stored[] head = {docs.hasNext() ? docs.next() : null};
      byte[][] headSku = {head[0] == null ? null : utf8(head[0].sku())};
      keys.forEachSorted(key -> {
        // Documents before this SKU are not in the new file.
        while (head[0] != null && SkuKeySort.SKU_ORDER.compare(headSku[0], key.sku()) < 0) {
          counts[1]++;
          head[0] = docs.hasNext() ? docs.next() : null;
          headSku[0] = head[0] == null ? null : utf8(head[0].sku());
        }
        ProductHistory.Stored match = null;
        if (head[0] != null && SkuKeySort.SKU_ORDER.compare(headSku[0], key.sku()) == 0) {
          match = head[0];
          head[0] = docs.hasNext() ? docs.next() : null;
          headSku[0] = head[0] == null ? null : utf8(head[0].sku());
        }
        if (IncrementalDecision.unchanged(match, key.fingerprint(), now, maxAge)) {
          skipped.set(key.ordinal());
          counts[0]++;
        } else {
          sent.sent(key.tag(), key.bytes());
        }
      });
      while (head[0] != null) {
        counts[1]++;
        head[0] = docs.hasNext() ? docs.next() : null;
      }
    }
    return new Incremental(skipped, counts[0], counts[1], inCatalog);
  }

  private static byte[] utf8(String sku) {
    return sku == null ? new byte[0] : sku.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    keys.close();
  }

  /** Hears each product the merge decided to send. */
  interface SentListener {
    void sent(int tag, int bytes);
  }
}
