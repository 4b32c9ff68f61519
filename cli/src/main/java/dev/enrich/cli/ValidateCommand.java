package dev.enrich.cli;

import dev.enrich.client.catalog.Catalog;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.CatalogScan;
import dev.enrich.client.catalog.Limits;
import dev.enrich.client.catalog.RejectionReport;
import dev.enrich.contract.output.Validated;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Check a catalog with the same rules as submit, without SQS or DynamoDB (an s3:// catalog is "
        + "read from S3): every invalid row is reported as file:line: field: reason.",
    footerHeading = "%nExamples:%n",
    footer = {"  enrich validate catalog.csv", "  enrich validate s3://seller-uploads/2026/spring.csv",
        "  enrich validate export.txt --map sku=\"Item Code\" --rejects bad.csv -o json"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every row valid", "1:some rows invalid", "2:unreadable, no valid row, or --strict with invalid rows",
        "3:no such S3 object or bucket", "4:S3 failed, refused or unreachable"})
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin CatalogOptions catalogOptions;

  @Parameters(paramLabel = "FILE", description = "The catalog file, - for stdin, or an S3 object s3://BUCKET/KEY.")
  String file;
  @Override
  public Integer call() {
    try (CatalogInput input = catalogOptions.open(file, System.in, EnrichCommand.globalOf(spec).settings())) {
      Catalog catalog = new Catalog(input, catalogOptions.columns(), Limits.DEFAULT);
      CatalogScan scan;
      try (RejectionReport report = new RejectionReport(input.displayName(), spec.commandLine().getErr(),
          catalogOptions.rejects())) {
        scan = catalog.scan(report, product -> { });
      }
      CatalogChecks.requireSendable(input.displayName(), scan, catalogOptions.strict());
      Validated v = new Validated(input.displayName(), scan.layout().describe(), scan.accepted(), scan.rejected(),
          scan.skipped(), scan.contentHash());
      output.print(spec.commandLine().getOut(), v, String.format(Locale.ROOT,
          "%s: %s, %,d valid products, %,d invalid rows%s%n", v.file(), v.format(), v.products(), v.invalid(),
          v.skipped() > 0 ? String.format(Locale.ROOT, ", %,d non-product rows skipped", v.skipped()) : ""));
      return scan.rejected() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
    }
  }
}
