package dev.enrich.cli;

import dev.enrich.cli.keepa.KeepaTokenCall;
import dev.enrich.cli.keepa.PlanForecaster;
import dev.enrich.cli.keepa.TokenForecast;
import dev.enrich.cli.keepa.TokenRate;
import dev.enrich.client.EnrichClient;
import dev.enrich.client.EnrichException;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.config.Settings;
import dev.enrich.client.submit.CostModel;
import dev.enrich.client.submit.Incremental;
import dev.enrich.client.submit.SubmitPlan;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.SubmitResult;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.DryRun;
import dev.enrich.contract.output.Submitted;
import dev.enrich.lambda.enrich.Providers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "submit", mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
        "Read a catalog (CSV, TSV, JSON, NDJSON; '-' for stdin; s3://BUCKET/KEY for an S3 object), check every row, and queue its products "
            + "for enrichment in batches. Valid rows are sent and invalid ones reported as file:line: field: reason.",
        "Re-running the same command resumes: only batches not yet queued are sent.",
        "With --incremental, a new version of the file under an existing --catalog-id is accepted and only its new, "
            + "changed, failed and stale products are sent; the products it no longer has are removed."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich submit catalog.csv --rejects rejects.csv",
        "  enrich submit export.txt --map sku=\"Item Code\" --dry-run",
        "  enrich submit catalog.csv --dry-run --keepa-rate 60/min",
        "  gzip -dc catalog.ndjson.gz | enrich submit - --catalog-id spring-2026",
        "  enrich submit s3://seller-uploads/2026/spring.csv",
        "  enrich submit spring-v2.csv --catalog-id spring-2026 --incremental --max-age 7d --dry-run"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every row valid and queued", "1:valid rows queued, some rows invalid",
        "2:invalid input: unreadable file, no valid row, --strict with invalid rows, bad option",
        "3:no such S3 object or bucket", "4:SQS, DynamoDB or S3 failed, refused or unreachable (re-run to resume)", "130:interrupted (re-run to resume)"})
public final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin CatalogOptions catalogOptions;
  @Mixin BatchSizeOption batchSize;

  @Parameters(paramLabel = "FILE", description = "The catalog file, - for stdin, or an S3 object s3://BUCKET/KEY.")
  String file;

  @Option(names = "--catalog-id", paramLabel = "ID",
      description = "Catalog id (default: from the file name and a hash of its content).")
  String catalogId;

  @Option(names = "--user-id", paramLabel = "USER",
      description = "Owner of the catalog (default: ENRICH_USER_ID, the profile's user_id, or $USER).")
  String userId;

  @Option(names = "--force", description = "Replace a catalog of the same id submitted from a different file.")
  boolean force;

  @Option(names = "--dry-run", description = "Check and plan, print the plan and a cost estimate; send nothing.")
  boolean dryRun;

  @Option(names = "--incremental",
      description = "Submit a new version of catalog --catalog-id: send only products that are new, changed, failed "
          + "or enriched longer than --max-age ago, and remove the products the file no longer has. Needs MongoDB "
          + "(MONGODB_URI or --mongodb-uri). A catalog that does not exist yet is submitted whole.")
  boolean incremental;

  @Option(names = "--max-age", paramLabel = "AGE", converter = ListCommand.PeriodConverter.class,
      description = "With --incremental: a product enriched longer ago than this is sent again: 30m, 12h, 7d, 2w "
          + "(default: 30d).")
  Duration maxAge;

  @Option(names = "--keepa-rate", paramLabel = "N/min",
      description = "With --dry-run: the Keepa plan's refill rate, for how long the catalog's tokens take "
          + "(default: asked of Keepa's free /token call when KEEPA_API_KEY is set).")
  String keepaRate;

  @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "1048576",
      description = "The queue's message size limit (default: ${DEFAULT-VALUE}; 262144 for queues created with 256 KiB).")
  int maxMessageBytes;

  @Option(names = "--marketplace", paramLabel = "MARKET",
      description = "Amazon marketplace to look the products up in: com, co.uk, de, fr, co.jp, ca, it, es, in, com.mx, "
          + "com.br, or Keepa's domain id 1-12 (default: ENRICH_MARKETPLACE, the profile's marketplace, or com). "
          + "A marketplace column in the catalog overrides it per row.")
  String marketplace;

  @Option(names = "--senders", paramLabel = "N", defaultValue = "4",
      description = "Rounds of messages sent in parallel, 1-32 (default: ${DEFAULT-VALUE}).")
  int senders;

  @Option(names = "--max-tokens", paramLabel = "N",
      description = "Most Keepa tokens the catalog may spend; once they are claimed, the remaining products end"
          + " FAILED with \"token budget reached\" and nothing more is spent. status and list show tokens spent.")
  Long maxTokens;

  @Option(names = "--max-failures", paramLabel = "N|P%",
      description = "Failed products the catalog tolerates: a count (25) or a share of its valid products (5%%)."
          + " Once they are passed, the catalog turns FAILED, its remaining batches are drained without a lookup"
          + " (no tokens spent), and status says why; status --wait then exits 1.")
  String maxFailures;

  /** The output record of a submit that sent. */
  public static Submitted submitted(SubmitResult result, long skipped) {
    return submitted(result, skipped, false);
  }

  /** The output record of a submit that sent; {@code incremental} adds what it left out and removed. */
  public static Submitted submitted(SubmitResult result, long skipped, boolean incremental) {
    return new Submitted(result.catalogId(), result.catalogId(), result.products(), result.invalid(), skipped,
        result.batches(), result.batchSize(), result.sizeReason(), result.sent(), result.resumed(),
        incremental ? Long.valueOf(result.unchanged()) : null, incremental ? Long.valueOf(result.removed()) : null);
  }

  private static DryRun.KeepaForecast keepaForecast(TokenForecast f) {
    return f.rate() == null ? new DryRun.KeepaForecast(null, null, null, null, f.describe())
        : new DryRun.KeepaForecast(f.rate().perMinute(), f.rate().source(), f.rate().tokensLeft(), f.seconds(),
            f.describe());
  }

  @Override
  public Integer call() {
    if (maxMessageBytes < SubmitRequest.MIN_MESSAGE_BYTES || maxMessageBytes > SubmitRequest.SQS_MAX_MESSAGE_BYTES) {
      throw EnrichException.invalidInput("--max-message-bytes must be between " + SubmitRequest.MIN_MESSAGE_BYTES
          + " and " + SubmitRequest.SQS_MAX_MESSAGE_BYTES + ", not " + maxMessageBytes);
    }
    if (senders < 1 || senders > 32) {
      throw EnrichException.invalidInput("--senders must be between 1 and 32, not " + senders);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw EnrichException.invalidInput("--max-tokens must be at least 1, not " + maxTokens);
    }
    TokenRate givenRate = keepaRate == null ? null : parseRate(keepaRate);
    Settings settings = EnrichCommand.globalOf(spec).settings();
    PrintWriter err = spec.commandLine().getErr();
    MessageCodec codec = new MessageCodec();
    if (maxAge != null && !incremental) {
      throw EnrichException.invalidInput("--max-age goes with --incremental");
    }
    SubmitRequest options = new SubmitRequest(catalogId, userId != null ? userId : settings.userId(),
        batchSize.value(), maxMessageBytes, force, senders,
        SubmitRequest.marketplace(marketplace, settings.marketplace()).into(
            maxTokens == null ? Map.of() : Map.of(StatusTable.TOKEN_BUDGET_OPTION, Long.toString(maxTokens))))
        .withMaxFailures(maxFailures);
    if (incremental) {
      options = options.withIncremental(maxAge);
      options.requireConsistent();
    }
    // An incremental plan reads MongoDB, so its client comes first; the others are built once the file is checked.
    try (EnrichClient early = incremental ? EnrichClient.builder().settings(settings).build() : null;
        CatalogInput input = catalogOptions.open(file, System.in, settings)) {
      try (SubmitPlan plan = CatalogChecks.checkedPlan(input, catalogOptions, options, codec, err, !dryRun,
          early == null ? null : early.productHistory())) {
        if (dryRun || early != null) {
          return send(early, plan, options, err, givenRate);
        }
        try (EnrichClient client = EnrichClient.builder().settings(settings).build()) {
          return send(client, plan, options, err, givenRate);
        }
      }
    }
  }

  private static TokenRate parseRate(String text) {
    try {
      return TokenRate.parse(text);
    } catch (IllegalArgumentException e) {
      throw EnrichException.invalidInput(e.getMessage());
    }
  }

  private int send(EnrichClient client, SubmitPlan plan, SubmitRequest options, PrintWriter err, TokenRate givenRate) {
    if (dryRun) {
      TokenForecast forecast = new PlanForecaster(KeepaTokenCall.fromEnvironment(System.getenv()),
          Providers.ENV_KEEPA_KEY).forecast(plan.keepaTokens(), givenRate);
      DryRun dry = dryRun(plan, forecast);
      output.print(spec.commandLine().getOut(), dry, text(dry));
    } else {
      SubmitResult result = client.send(plan, options, new ProgressBar(err, ProgressBar.onTerminal()));
      Submitted out = submitted(result, plan.scan().skipped(), plan.incremental() != null);
      output.print(spec.commandLine().getOut(), out, text(out));
    }
    return plan.scan().rejected() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
  }

  private static DryRun dryRun(SubmitPlan plan, TokenForecast forecast) {
    CostModel.Assumptions assumptions = CostModel.Assumptions.defaults();
    CostModel.Workload workload = new CostModel.Workload(plan.scan().accepted(), plan.batches().batches(),
        plan.messageBytes(), plan.messageChunks());
    CostModel.TokenTime tokenTime = forecast.seconds() == null ? null
        : new CostModel.TokenTime(forecast.seconds(), CostModel.CONSUMER_WAIT);
    CostModel.Estimate estimate = CostModel.per1000Products(workload, assumptions, tokenTime);
    String waiting = tokenTime == null ? "unknown without the plan's rate"
        : CostModel.describeWaiting(workload, assumptions, tokenTime.seconds());
    Incremental incremental = plan.incremental();
    return new DryRun(plan.catalogId(), plan.scan().layout().describe(), plan.batches().products(), plan.scan().rejected(),
        plan.scan().skipped(), plan.batches().batchSize(), plan.batches().reason(), plan.batches().batches(),
        plan.batches().batches(), plan.messageBytes(), plan.maxMessageBytes(), plan.keepaTokens(),
        new DryRun.Cost(estimate.sqsUsd(), estimate.lambdaUsd(), estimate.dynamoUsd(), estimate.totalUsd()),
        CostModel.describe(estimate, assumptions), keepaForecast(forecast),
        CostModel.CONSUMER_WAIT.name().toLowerCase(Locale.ROOT), waiting,
        incremental == null ? null : incremental.unchanged(), incremental == null ? null : incremental.removed(),
        incremental == null ? null : incremental.tokensSaved());
  }

  private static String text(DryRun d) {
    return String.format(Locale.ROOT,
        "dry run: nothing sent%n"
            + "catalog     %s (%s)%n"
            + "products    %,d %s, %,d invalid%s%n"
            + "%s"
            + "batch size  %d: %s%n"
            + "batches     %,d (one SQS message each)%n"
            + "bytes       %,d in all, ~%,d per message (limit %,d)%n"
            + "keepa       %s%n"
            + "            one token per product looked up by ASIN, one per UPC/EAN code (a code may match "
            + "several products, a token each)%n"
            + "cost        %s%n"
            + "waiting     %s%n",
        d.catalogId(), d.format(), d.products(), d.unchanged() == null ? "valid" : "to send", d.invalid(),
        d.skipped() > 0 ? String.format(Locale.ROOT, ", %,d non-product rows skipped", d.skipped()) : "",
        d.unchanged() == null ? "" : String.format(Locale.ROOT,
            "unchanged   %,d not sent (enriched from the same input within --max-age), %,d tokens saved%n"
                + "removed     %,d products no longer in the file%n", d.unchanged(), d.tokensSaved(), d.removed()),
        d.batchSize(), d.batchSizeReason(), d.batches(), d.messageBytes(),
        d.messages() == 0 ? 0 : d.messageBytes() / d.messages(), d.maxMessageBytes(), d.keepaForecast().text(),
        d.costAssumptions(), d.tokenWaitCost());
  }

  private static String text(Submitted r) {
    return String.format(Locale.ROOT,
        "tracking id %s  (enrich status %s)%n"
            + "products    %,d %s, %,d invalid%n"
            + "%s"
            + "batches     %,d of %d products (%s)%n"
            + "sent        %,d%s%n",
        r.trackingId(), r.trackingId(), r.products(), r.unchanged() == null ? "valid" : "to send", r.invalid(),
        r.unchanged() == null ? "" : String.format(Locale.ROOT,
            "unchanged   %,d not sent%nremoved     %,d products no longer in the file%n%s", r.unchanged(),
            r.removed(), r.products() == 0 ? "nothing to send: the catalog is COMPLETED as it stands" + System.lineSeparator() : ""),
        r.batches(), r.batchSize(), r.batchSizeReason(),
        r.sent(), r.resumed() ? " (resumed: the other batches were already queued)" : "");
  }
}
