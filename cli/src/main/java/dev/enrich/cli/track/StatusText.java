package dev.enrich.cli.track;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The text form of a {@link CatalogStatus}. */
public final class StatusText {
  private StatusText() {}

  public static String render(CatalogStatus s, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "catalog    %s (%s)%n", s.catalogId(), s.sourceName()));
    out.append(String.format(Locale.ROOT, "state      %s%n", s.state()));
    out.append(String.format(Locale.ROOT, "products   %,d / %,d done (%s)%n",
        s.productsDone(), s.totalProducts(), percent(s.productsDone(), s.totalProducts())));
    out.append(String.format(Locale.ROOT, "succeeded  %,d%n", s.succeeded()));
    out.append(String.format(Locale.ROOT, "failed     %,d%n", s.failed()));
    out.append(String.format(Locale.ROOT, "batches    %,d / %,d done, %d products each%n",
        s.batchesDone(), s.totalBatches(), s.batchSize()));
    if (s.invalidProducts() > 0) {
      out.append(String.format(Locale.ROOT, "invalid    %,d rows not submitted%n", s.invalidProducts()));
    }
    if (s.submittedAt() != null) {
      Instant end = s.state().terminal() && s.updatedAt() != null ? s.updatedAt() : now;
      out.append(String.format(Locale.ROOT, "submitted  %s by %s, %s elapsed%n",
          s.submittedAt(), s.userId(), duration(Duration.between(s.submittedAt(), end))));
    }
    return out.toString();
  }

  private static String percent(long done, long total) {
    return total == 0 ? "100%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * done / total);
  }

  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
