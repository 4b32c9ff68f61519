package dev.enrich.cli.keepa;

import dev.enrich.client.submit.BatchPlan;
import dev.enrich.client.submit.BatchPlanner;
import dev.enrich.client.submit.CostModel;
import dev.enrich.client.submit.CostModel.Architecture;
import dev.enrich.client.submit.CostModel.Assumptions;
import dev.enrich.client.submit.CostModel.TokenTime;
import dev.enrich.client.submit.CostModel.TokenWait;
import dev.enrich.client.submit.CostModel.Workload;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The "Keepa plans and cost" table of docs/usage.md: how long catalogs take at typical plan rates
 * and what AWS bills for them, from the model {@code submit --dry-run} uses ({@link TokenForecast},
 * {@link CostModel}). A test compares docs/usage.md with {@link #markdown()}, so the table cannot
 * go stale; {@code main} prints it.
 */
public final class KeepaPlanTable {
  public static final List<Integer> RATES_PER_MINUTE = List.of(20, 60, 250, 1000);
  public static final List<Integer> CATALOG_PRODUCTS = List.of(1_000, 10_000, 100_000);
  /** A product of the sample catalogs in a message, as JSON (they range from 90 to 230 bytes a row). */
  static final int PRODUCT_BYTES = 200;
  /** A message's envelope: schema version, catalog and batch ids, attributes. */
  static final int ENVELOPE_BYTES = 300;

  private KeepaPlanTable() {}

  public static void main(String[] args) {
    System.out.print(markdown());
  }

  /** The table, one row per rate and catalog size; Keepa's own price is not included. */
  public static String markdown() {
    Assumptions x86 = Assumptions.defaults();
    Assumptions arm = x86.with(Architecture.ARM64);
    StringBuilder table = new StringBuilder()
        .append("| Keepa plan | products | tokens' time | AWS, waiting in the invocation | AWS, deferring | ")
        .append("AWS, deferring on arm64 |\n")
        .append("|---:|---:|---:|---:|---:|---:|\n");
    for (int rate : RATES_PER_MINUTE) {
      for (int products : CATALOG_PRODUCTS) {
        Workload w = workload(products);
        TokenForecast time = TokenForecast.at(products, new TokenRate(rate, 0, TokenRate.FROM_OPTION));
        table.append(String.format(Locale.ROOT, "| %,d/min | %,d | %s | $%s | $%s | $%s |%n", rate, products,
            TokenForecast.duration(time.seconds()),
            catalogUsd(w, x86, new TokenTime(time.seconds(), TokenWait.IN_INVOCATION)),
            catalogUsd(w, x86, new TokenTime(time.seconds(), TokenWait.DEFERRAL)),
            catalogUsd(w, arm, new TokenTime(time.seconds(), TokenWait.DEFERRAL))));
      }
    }
    return table.toString();
  }

  /** A catalog of sample-sized products, batched as {@code submit} batches it. */
  static Workload workload(int products) {
    BatchPlan plan = BatchPlanner.plan(products, OptionalInt.empty());
    long bytes = (long) products * PRODUCT_BYTES + (long) plan.batches() * ENVELOPE_BYTES;
    long perMessage = bytes / plan.batches();
    return new Workload(products, plan.batches(), bytes, plan.batches() * CostModel.chunks(perMessage));
  }

  private static String catalogUsd(Workload w, Assumptions a, TokenTime tokens) {
    double usd = CostModel.per1000Products(w, a, tokens).totalUsd() * w.products() / 1000.0;
    return String.format(Locale.ROOT, usd < 1 ? "%.3f" : usd < 100 ? "%.2f" : "%,.0f", usd);
  }
}
