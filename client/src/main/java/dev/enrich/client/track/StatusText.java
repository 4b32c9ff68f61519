package dev.enrich.client.track;

import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.StatusReport;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** The text form of a {@link StatusReport}. */
public final class StatusText {
  private StatusText() {}

  public static String render(StatusReport s) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "catalog    %s (%s)%n", s.catalogId(), s.sourceName()));
    String marketplaces = CatalogStatus.describeMarketplaces(s.marketplaces());
    if (marketplaces != null) {
      out.append(String.format(Locale.ROOT, "market     %s%n", marketplaces));
    }
    out.append(String.format(Locale.ROOT, "state      %s%n", s.state()));
    if (s.stoppedReason() != null) {
      out.append(String.format(Locale.ROOT, "stopped    %s; the remaining batches are drained unlooked-up%n",
          s.stoppedReason()));
    }
    out.append(String.format(Locale.ROOT, "products   %,d / %,d done (%.1f%%)%n",
        s.productsDone(), s.totalProducts(), s.percentDone()));
    if (s.unchangedProducts() != null) {
      out.append(String.format(Locale.ROOT, "unchanged  %,d not sent (--incremental), %,d removed%n",
          s.unchangedProducts(), Objects.requireNonNullElse(s.removedProducts(), 0)));
    }
    out.append(String.format(Locale.ROOT, "succeeded  %,d%n", s.succeeded()));
    out.append(String.format(Locale.ROOT, "failed     %,d%s%n", s.failed(),
        s.maxFailures() == null ? "" : " (--max-failures " + s.maxFailures() + ")"));
    out.append(String.format(Locale.ROOT, "batches    %s%n", batches(s)));
    if (s.tokenBudget() != null) {
      out.append(String.format(Locale.ROOT, "tokens     %,d spent of a budget of %,d%n", s.tokensSpent(), s.tokenBudget()));
    } else if (s.tokensSpent() > 0) {
      out.append(String.format(Locale.ROOT, "tokens     %,d spent%n", s.tokensSpent()));
    }
    if (s.invalidProducts() > 0) {
      out.append(String.format(Locale.ROOT, "invalid    %,d rows not submitted%n", s.invalidProducts()));
    }
    if (s.submittedAt() != null) {
      out.append(String.format(Locale.ROOT, "submitted  %s by %s, %s elapsed%n",
          s.submittedAt(), s.userId(), duration(s.elapsedSeconds())));
    }
    String rate = rate(s);
    if (!rate.isEmpty()) {
      out.append(String.format(Locale.ROOT, "rate       %s%n", rate));
    }
    return out.toString();
  }

  /**
   * The one line of a wait that ran out: "catalog c still IN_PROGRESS after 30m00s: 400 / 1,000
   * products done (40.0%), 3 failed; it goes on without you waiting".
   */
  public static String timedOut(StatusReport s, Duration waited) {
    return String.format(Locale.ROOT, "catalog %s still %s after %s: %,d / %,d products done (%.1f%%), %,d failed; "
        + "it goes on without you waiting", s.catalogId(), s.state(), duration(waited), s.productsDone(),
        s.totalProducts(), s.percentDone(), s.failed());
  }

  /** "1,234 / 2,000 done, 20 products each; 3 processing, 1 failing, 996 queued". */
  public static String batches(StatusReport s) {
    BatchCounts b = s.batches();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%,d / %,d done, %d products each",
        b.completed(), s.totalBatches(), s.batchSize()));
    StringBuilder rest = new StringBuilder();
    append(rest, b.processing(), "processing");
    append(rest, b.failing(), "failing (will be retried or are in the DLQ)");
    append(rest, b.cancelled(), "cancelled");
    append(rest, b.queued(), "queued");
    if (rest.length() > 0) {
      out.append("; ").append(rest);
    }
    return out.toString();
  }

  /** "45.2 products/s, about 3m10s left", or empty before anything is done. */
  public static String rate(StatusReport s) {
    if (s.productsPerSecond() == null) {
      return "";
    }
    String rate = String.format(Locale.ROOT, "%,.1f products/s", s.productsPerSecond());
    return s.etaSeconds() == null ? rate : rate + ", about " + duration(s.etaSeconds()) + " left";
  }

  private static void append(StringBuilder out, long count, String what) {
    if (count > 0) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(String.format(Locale.ROOT, "%,d %s", count, what));
    }
  }

  public static String duration(long seconds) {
    long s = Math.max(0, seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  public static String duration(Duration d) {
    return duration(d.getSeconds());
  }
}
