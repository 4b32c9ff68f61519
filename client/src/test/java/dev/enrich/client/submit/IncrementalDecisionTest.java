package dev.enrich.client.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.Fingerprint;
import dev.enrich.contract.Product;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which products {@code submit --incremental} leaves out, and the merge that finds them. */
class IncrementalDecisionTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final Duration WEEK = Duration.ofDays(7);

  private static ProductHistory.Stored stored(String fp, boolean enriched, Instant at) {
    return new ProductHistory.Stored("S", fp, enriched, at);
  }

  @Test
  void onlyAnEnrichedFreshDocumentOfTheSameFingerprint_isUnchanged() {
    Instant yesterday = NOW.minus(Duration.ofDays(1));
    assertTrue(IncrementalDecision.unchanged(stored("fp", true, yesterday), "fp", NOW, WEEK));
    assertFalse(IncrementalDecision.unchanged(null, "fp", NOW, WEEK), "new");
    assertFalse(IncrementalDecision.unchanged(stored("other", true, yesterday), "fp", NOW, WEEK), "changed");
    assertFalse(IncrementalDecision.unchanged(stored("fp", false, yesterday), "fp", NOW, WEEK), "failed last time");
    assertFalse(IncrementalDecision.unchanged(stored(null, true, yesterday), "fp", NOW, WEEK),
        "written before fingerprints were stored");
    assertFalse(IncrementalDecision.unchanged(stored("fp", true, NOW.minus(Duration.ofDays(8))), "fp", NOW, WEEK),
        "older than the max age");
    assertFalse(IncrementalDecision.unchanged(stored("fp", true, NOW.minus(WEEK)), "fp", NOW, WEEK),
        "exactly the max age is stale");
    assertFalse(IncrementalDecision.unchanged(stored("fp", true, null), "fp", NOW, WEEK), "no time");
  }

  private static Product product(String sku, String title) {
    return new Product(sku, "B000000001", null, null, null, title, null, "1.00", 1, Map.of());
  }

  /** Documents served in SKU order by UTF-8 bytes, as MongoDB sorts them. */
  private record MemoryHistory(List<ProductHistory.Stored> documents) implements ProductHistory {
    @Override
    public Stream<Stored> inSkuOrder(String catalogId) {
      List<Stored> sorted = new ArrayList<>(documents);
      sorted.sort(Comparator.comparing(s -> s.sku().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          SkuKeySort.SKU_ORDER));
      return sorted.stream();
    }

    @Override
    public long removeAbsent(String catalogId, Predicate<String> kept) {
      throw new UnsupportedOperationException("the plan removes nothing");
    }
  }

  @Test
  void theMerge_findsNewChangedFailedAndRemoved_acrossSpilledRuns_inAnyFileOrder() {
    // 200 products in shuffled file order, keys spilled every 7 so the merge reads many runs. Stored:
    // every third unchanged, every fifth (not third) changed, every seventh (not third or fifth) failed,
    // the rest never enriched; plus 11 documents whose products the file no longer has. Non-ASCII
    // SKUs check that both sides sort by UTF-8 bytes.
    List<String> skus = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      skus.add((i % 4 == 0 ? "é-" : i % 4 == 1 ? "Z-" : i % 4 == 2 ? "a-" : "\uD83D\uDE00-") + i);
    }
    Collections.shuffle(skus, new Random(42));
    List<ProductHistory.Stored> documents = new ArrayList<>();
    Map<Integer, String> expectedSkipped = new TreeMap<>();
    Instant fresh = NOW.minus(Duration.ofHours(1));
    for (int ordinal = 0; ordinal < skus.size(); ordinal++) {
      String sku = skus.get(ordinal);
      int i = Integer.parseInt(sku.substring(sku.indexOf('-') + 1));
      String fp = Fingerprint.of(product(sku, "t" + i), 0);
      if (i % 3 == 0) {
        documents.add(new ProductHistory.Stored(sku, fp, true, fresh));
        expectedSkipped.put(ordinal, sku);
      } else if (i % 5 == 0) {
        documents.add(new ProductHistory.Stored(sku, Fingerprint.of(product(sku, "old title"), 0), true, fresh));
      } else if (i % 7 == 0) {
        documents.add(new ProductHistory.Stored(sku, fp, false, fresh));
      }
    }
    for (int r = 0; r < 11; r++) {
      documents.add(new ProductHistory.Stored("removed-" + r, "x", true, fresh));
    }
    List<Integer> sentTags = new ArrayList<>();
    Incremental decided;
    try (IncrementalScan scan = new IncrementalScan(new MemoryHistory(documents), "c", NOW, WEEK, new SkuKeySort(7))) {
      for (int ordinal = 0; ordinal < skus.size(); ordinal++) {
        String sku = skus.get(ordinal);
        int i = Integer.parseInt(sku.substring(sku.indexOf('-') + 1));
        scan.add(product(sku, "t" + i), 0, ordinal, 100 + i);
      }
      decided = scan.decide(skus.size(), (tag, bytes) -> sentTags.add(tag), Set.copyOf(skus)::contains);
    }
    assertEquals(expectedSkipped.size(), decided.unchanged());
    assertEquals(expectedSkipped.size(), decided.tokensSaved());
    assertEquals(11, decided.removed());
    assertEquals(skus.size() - expectedSkipped.size(), sentTags.size());
    BitSet skipped = new BitSet();
    for (int ordinal = 0; ordinal < skus.size(); ordinal++) {
      if (decided.skipped(ordinal)) {
        skipped.set(ordinal);
      }
    }
    assertEquals(expectedSkipped.keySet(), skipped.stream().boxed().collect(java.util.stream.Collectors.toSet()));
    assertTrue(decided.inCatalog(skus.get(0)));
    assertFalse(decided.inCatalog("removed-0"));
  }

  @Test
  void aCatalogWithNoDocuments_sendsEverything() {
    try (IncrementalScan scan = new IncrementalScan(new MemoryHistory(List.of()), "c", NOW, WEEK)) {
      scan.add(product("A", "t"), 3, 0, 10);
      scan.add(product("B", "t"), 3, 1, 10);
      List<Integer> tags = new ArrayList<>();
      Incremental decided = scan.decide(2, (tag, bytes) -> tags.add(tag), sku -> true);
      assertEquals(0, decided.unchanged());
      assertEquals(0, decided.removed());
      assertEquals(List.of(3, 3), tags);
    }
  }
}
