package dev.enrich.client.track;

import dev.enrich.contract.output.BatchPage;
import dev.enrich.contract.output.FailureReport;
import java.util.Locale;

/** Text forms of {@link BatchPage} and {@link FailureReport}. */
public final class FailureText {
  private FailureText() {}

  public static String batches(BatchPage page) {
    StringBuilder out = new StringBuilder();
    if (page.batches().isEmpty()) {
      out.append("no batches").append(String.format(Locale.ROOT, "%n"));
    } else {
      out.append(String.format(Locale.ROOT, "%-10s %-11s %8s %9s %6s %8s  %s%n",
          "batch", "status", "products", "succeeded", "failed", "attempts", "last error"));
      for (BatchPage.Batch b : page.batches()) {
        out.append(row(b));
      }
    }
    if (page.next() != null) {
      out.append(String.format(Locale.ROOT, "more: --after %s%n", page.next()));
    }
    return out.toString();
  }

  public static String render(FailureReport r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "failing batches: %,d%n", r.failedBatches().size()));
    if (!r.failedBatches().isEmpty()) {
      out.append(String.format(Locale.ROOT, "%-10s %-11s %8s %9s %6s %8s  %s%n",
          "batch", "status", "products", "succeeded", "failed", "attempts", "last error"));
      r.failedBatches().forEach(b -> out.append(row(b)));
    }
    if (r.failedProductsTotal() != null) {
      out.append(String.format(Locale.ROOT, "failed products: %,d%s%n", r.failedProductsTotal(),
          r.failedProductsTotal() > r.failedProducts().size()
              ? String.format(Locale.ROOT, " (first %,d by line)", r.failedProducts().size()) : ""));
      for (FailureReport.FailedProduct p : r.failedProducts()) {
        out.append(String.format(Locale.ROOT, "  line %,d  %s  (%s): %s%n", p.line(), p.sku(), p.batchId(), p.reason()));
      }
    }
    return out.toString();
  }

  private static String row(BatchPage.Batch b) {
    return String.format(Locale.ROOT, "%-10s %-11s %8d %9s %6s %8d  %s%n", b.batchId(), b.status(), b.productCount(),
        b.succeeded() == null ? "-" : b.succeeded().toString(), b.failed() == null ? "-" : b.failed().toString(),
        b.attempts(), b.lastError() == null ? "" : b.lastError());
  }
}
