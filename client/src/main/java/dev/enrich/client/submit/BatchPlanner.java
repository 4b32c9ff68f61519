package dev.enrich.client.submit;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Chooses the batch size from the seed's table (docs/architecture.md section 6): small catalogs get small
 * batches (quick feedback, easy debugging), large ones bigger batches (fewer messages and
 * invocations). Within each band the size grows with the catalog, so the choice is deterministic.
 */
public final class BatchPlanner {
  public static final int DEFAULT_SIZE = 20;
  public static final int MIN_SIZE = 1;
  public static final int MAX_SIZE = 100;

  /** Catalogs from this size on get the top of the largest band. */
  static final int LARGE_CATALOG = 100_000;

  private BatchPlanner() {}

  public static BatchPlan plan(int products, OptionalInt override) {
    if (override.isPresent()) {
      int size = override.getAsInt();
      if (size < MIN_SIZE || size > MAX_SIZE) {
        throw new IllegalArgumentException("batch size must be between " + MIN_SIZE + " and " + MAX_SIZE);
      }
      return new BatchPlan(products, size, batches(products, size), "--batch-size " + size + " (at most "
          + MAX_SIZE + ": one Keepa request carries 100 products)");
    }
    int size;
    String band;
    if (products <= 0) {
      size = DEFAULT_SIZE;
      band = "empty catalog: default " + DEFAULT_SIZE;
      return new BatchPlan(products, size, 0, band);
    } else if (products < 100) {
      size = within(products, 0, 100, 10, 15);
      band = "< 100 products: 10-15 per batch";
    } else if (products < 500) {
      size = within(products, 100, 500, 15, 25);
      band = "100-500 products: 15-25 per batch";
    } else if (products <= 1000) {
      size = within(products, 500, 1001, 20, 30);
      band = "500-1,000 products: 20-30 per batch";
    } else {
      size = within(Math.min(products, LARGE_CATALOG), 1001, LARGE_CATALOG + 1, 25, 40);
      band = "> 1,000 products: 25-40 per batch";
    }
    return new BatchPlan(products, size, batches(products, size),
        String.format(Locale.ROOT, "%s, %d for %,d", band, size, products));
  }

  /**
   * Caps a plan so that every message fits the queue's size limit: {@code budget} bytes are left
   * for products after the envelope, and each product after the first costs one more byte (a
   * comma), so {@code (budget + 1) / (largest + 1)} of the largest product always fit.
   */
  public static BatchPlan capToMessage(BatchPlan plan, long largestProductBytes, long budget, long messageLimit) {
    long cap = (budget + 1) / (largestProductBytes + 1);
    if (cap >= plan.batchSize() || plan.products() == 0) {
      return plan;
    }
    int size = (int) Math.max(MIN_SIZE, cap);
    return new BatchPlan(plan.products(), size, batches(plan.products(), size), String.format(Locale.ROOT,
        "%s; capped at %d so that %d of the largest product (%,d bytes) fit a %,d-byte message",
        plan.reason(), size, size, largestProductBytes, messageLimit));
  }

  /**
   * The plan when each batch holds products of one marketplace only (one Keepa request is for one
   * domain): every group of {@code productsPerGroup} is cut on its own, so a catalog of several
   * marketplaces may have a few more, partly filled batches.
   */
  public static BatchPlan perGroup(BatchPlan plan, long[] productsPerGroup) {
    long groups = Arrays.stream(productsPerGroup).filter(n -> n > 0).count();
    if (groups <= 1) {
      return plan;
    }
    int batches = 0;
    for (long n : productsPerGroup) {
      batches += batches((int) n, plan.batchSize());
    }
    return new BatchPlan(plan.products(), plan.batchSize(), batches,
        plan.reason() + "; cut per marketplace (" + groups + " marketplaces)");
  }

  /** Linear position of n in [lo, hi) mapped onto [min, max]. */
  private static int within(int n, int lo, int hi, int min, int max) {
    long span = (long) (n - lo) * (max - min + 1) / (hi - lo);
    return (int) Math.min(max, min + span);
  }

  private static int batches(int products, int size) {
    return (products + size - 1) / size;
  }
}
