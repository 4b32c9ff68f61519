package dev.enrich.client.track;

import dev.enrich.contract.output.StatusReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** One line per poll, for logs and pipes; then the full summary. */
public final class PlainWatchView implements StatusWatch.View {
  private final PrintWriter out;
  private final PrintWriter err;

  public PlainWatchView(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void show(StatusReport r) {
    out.println(line(r, Instant.now()));
    out.flush();
  }

  @Override
  public void problem(String message) {
    err.println("status: " + message);
    err.flush();
  }

  @Override
  public void finish(StatusReport r) {
    out.print(StatusText.render(r));
    out.flush();
  }

  public static String line(StatusReport r, Instant now) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s  %s  %s  %,d/%,d products (%.1f%%)  ok %,d  failed %,d",
        now.truncatedTo(ChronoUnit.SECONDS), r.catalogId(), r.state(), r.productsDone(), r.totalProducts(),
        r.percentDone(), r.succeeded(), r.failed()));
    line.append(String.format(Locale.ROOT, "  batches %,d/%,d", r.batches().completed(), r.totalBatches()));
    if (r.batches().failing() > 0) {
      line.append(String.format(Locale.ROOT, " (%,d failing)", r.batches().failing()));
    }
    String rate = StatusText.rate(r);
    if (!rate.isEmpty()) {
      line.append("  ").append(rate);
    }
    return line.toString();
  }
}
