package dev.enrich.cli;

import dev.enrich.client.EnrichClient;
import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.config.Settings;
import dev.enrich.client.s3.S3Location;
import dev.enrich.client.s3.S3Target;
import dev.enrich.client.track.ExportFormat;
import dev.enrich.client.track.ExportTarget;
import dev.enrich.client.track.FileTarget;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.ExportSummary;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "export", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Write a catalog's products from MongoDB, streamed and ordered by SKU: for each its status "
            + "(ENRICHED or FAILED), the reason of a failure, the provider, the submitted identifiers, title, "
            + "brand and price, and the market data.",
        "CSV (the default): a header, then one row per product; nested values are flattened into "
            + "market_NAME and attributes_NAME columns. JSON: one document {catalog_id, state, exported_at, "
            + "products: [...], summary}, one product a line; its schema is docs/schemas/export.schema.json.",
        "With --out, the file appears only once complete; an s3://BUCKET/KEY is a multipart upload completed "
            + "only when the whole export is written, and aborted otherwise (no object, no parts left). "
            + "The count goes to stderr.",
        "CSV is safe to open in a spreadsheet: a cell that starts with =, +, -, @, a tab or a carriage return "
            + "(a formula to Excel, LibreOffice or Google Sheets; catalog and marketplace text is third-party text) "
            + "gets a leading ' and shows as text. Plain numbers are left as they are. --raw writes cells as stored."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich --profile local export kitchen-12-3f9a1c --out kitchen.csv",
        "  enrich export spring-2026 --out spring.json      # JSON, from the extension",
        "  enrich export spring-2026 --out s3://exports/2026/spring.jsonl   # JSON Lines, to S3",
        "  enrich export spring-2026 --format json \\",
        "    | jq -c '.products[] | select(.status == \"FAILED\") | {sku, reason}'"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:exported (failed products are rows with status FAILED, not an error)",
        "2:bad option, FILE exists (use --force), FILE cannot be written, or no MongoDB URI",
        "3:unknown catalog, or no such S3 bucket",
        "4:DynamoDB, MongoDB or S3 failed, refused or unreachable (FILE is left untouched)",
        "130:interrupted (FILE is left untouched)"})
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CATALOG_ID", description = "The catalog id printed by submit.")
  String catalogId;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "${COMPLETION-CANDIDATES} (default: json when FILE ends in .json, jsonl when it ends in .jsonl "
          + "or .ndjson, else csv). jsonl: one product a line, as in json's products, nothing around them.")
  ExportFormat format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout ('-' is stdout); "
      + "s3://BUCKET/KEY uploads to S3 in parts, completed only when the whole export is written.")
  String out;

  @Option(names = "--force", description = "Replace FILE if it exists.")
  boolean force;

  @Option(names = "--raw", description = "CSV: write cells exactly as stored, formulas included (default: cells a "
      + "spreadsheet would evaluate get a leading ').")
  boolean raw;

  @Override
  public Integer call() {
    boolean toStdout = out == null || out.equals("-");
    Settings settings = EnrichCommand.globalOf(spec).settings();
    S3Location s3Out = !toStdout && S3Location.isS3(out) ? S3Location.parse(out) : null;
    Path file = toStdout || s3Out != null ? null : path(out);
    ExportSummary summary;
    try (S3Client s3 = s3Out == null ? null : Clients.s3(settings)) {
      ExportFormat chosen = s3Out != null ? ExportFormat.forName(format, s3Out.fileName())
          : ExportFormat.choose(format, file);
      ExportTarget target = toStdout ? ExportTarget.stream(spec.commandLine().getOut(), "stdout")
          : s3Out != null ? S3Target.check(s3, s3Out, force, settings.awsProfile())
          : FileTarget.check(file, force);
      try (EnrichClient client = EnrichClient.builder().settings(settings).build()) {
        summary = client.export(catalogId, chosen, target, raw);
      }
    }
    report(spec.commandLine().getErr(), summary);
    return ExitCodes.OK;
  }

  private static Path path(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw EnrichException.invalidInput("--out " + text + ": not a file name (" + e.getReason() + ")");
    }
  }

  private static void report(PrintWriter err, ExportSummary s) {
    if (!s.state().terminal()) {
      err.printf(Locale.ROOT, "note: catalog %s is %s: the export holds the products done so far%n",
          s.catalogId(), s.state());
    } else if (s.state() != CatalogState.CANCELLED && s.state() != CatalogState.FAILED
        && s.products() != s.productsCounted()) {
      err.printf(Locale.ROOT, "warning: MongoDB holds %,d products of catalog %s, the status table counts %,d%n",
          s.products(), s.catalogId(), s.productsCounted());
    }
    String marketplaces = CatalogStatus.describeMarketplaces(s.marketplaces());
    err.printf(Locale.ROOT, "exported %,d products%s (%,d enriched, %,d failed) to %s%n", s.products(),
        marketplaces == null ? "" : " of " + marketplaces, s.enriched(), s.failed(), s.destination());
    err.flush();
  }
}
