package dev.enrich.cli;

import dev.enrich.client.catalog.Catalog;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.CatalogScan;
import dev.enrich.client.catalog.Limits;
import dev.enrich.client.catalog.RejectionReport;
import dev.enrich.client.submit.ProductHistory;
import dev.enrich.client.submit.SubmitPlan;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.Submitter;
import dev.enrich.contract.MessageCodec;
import java.io.PrintWriter;
import java.time.Instant;

/** The checking pass as the commands that send run it, and the rules that decide whether to send at all. */
public final class CatalogChecks {
  private CatalogChecks() {}

  /**
   * Checks {@code input}, reporting rejections to {@code err} and the {@code --rejects} file, and
   * plans it; refuses a catalog that may not be sent. With {@code forSending} the plan holds the
   * spooled products; the caller closes it.
   */
  public static SubmitPlan checkedPlan(CatalogInput input, CatalogOptions catalogOptions, SubmitRequest options,
      MessageCodec codec, PrintWriter err, boolean forSending) {
    return checkedPlan(input, catalogOptions, options, codec, err, forSending, null);
  }

  /** {@link #checkedPlan}, deciding an incremental request against {@code history} (null: none configured). */
  public static SubmitPlan checkedPlan(CatalogInput input, CatalogOptions catalogOptions, SubmitRequest options,
      MessageCodec codec, PrintWriter err, boolean forSending, ProductHistory history) {
    Catalog catalog = new Catalog(input, catalogOptions.columns(), Limits.DEFAULT);
    SubmitPlan plan;
    try (RejectionReport report = new RejectionReport(input.displayName(), err, catalogOptions.rejects())) {
      plan = Submitter.plan(catalog, options, codec, report, forSending, history, Instant.now());
    }
    try {
      requireSendable(input.displayName(), plan.scan(), catalogOptions.strict());
    } catch (RuntimeException e) {
      plan.close();
      throw e;
    }
    return plan;
  }

  public static void requireSendable(String source, CatalogScan scan, boolean strict) {
    Submitter.requireSendable(source, scan, strict);
  }

}
