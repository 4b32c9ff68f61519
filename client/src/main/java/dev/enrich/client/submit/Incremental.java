package dev.enrich.client.submit;

import java.util.BitSet;
import java.util.function.Predicate;

/**
 * What the checking pass of {@code submit --incremental} decided (docs/architecture.md section 10):
 * which checked products are left out, how many, and how many of the catalog's documents the new
 * file no longer has. Holds one bit per checked product and the catalog's SKU index, which the
 * submit asks which documents to remove.
 */
public final class Incremental {
  private final BitSet skipped;
  private final long unchanged;
  private final long removed;
  private final Predicate<String> inCatalog;

  Incremental(BitSet skipped, long unchanged, long removed, Predicate<String> inCatalog) {
    this.skipped = skipped;
    this.unchanged = unchanged;
    this.removed = removed;
    this.inCatalog = inCatalog;
  }

  /** Products of the file not sent: MongoDB holds them enriched from the same input within the max age. */
  public long unchanged() {
    return unchanged;
  }

  /** The catalog's documents whose SKU the new file does not have (valid), as counted when it was checked. */
  public long removed() {
    return removed;
  }

  /** Keepa tokens the unchanged products would have cost: one per product, as {@link SubmitPlan#keepaTokens()} counts. */
  public long tokensSaved() {
    return unchanged;
  }

  /** True when the checked product at {@code ordinal} (from 0, in file order) is not sent. */
  boolean skipped(long ordinal) {
    return ordinal <= Integer.MAX_VALUE && skipped.get((int) ordinal);
  }

  /** True when the new file has a valid product of this SKU. */
  boolean inCatalog(String sku) {
    return inCatalog.test(sku);
  }
}
