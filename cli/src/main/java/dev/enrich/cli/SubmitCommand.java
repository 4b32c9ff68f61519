package dev.enrich.cli;

import dev.enrich.cli.aws.Clients;
import dev.enrich.cli.aws.QueueLocator;
import dev.enrich.cli.catalog.Catalog;
import dev.enrich.cli.catalog.CatalogLoader;
import dev.enrich.cli.catalog.Rejection;
import dev.enrich.cli.config.Settings;
import dev.enrich.cli.submit.DynamoSubmitLedger;
import dev.enrich.cli.submit.SqsBatchQueue;
import dev.enrich.cli.submit.SubmitResult;
import dev.enrich.cli.submit.Submitter;
import dev.enrich.lambda.contract.MessageCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "submit", mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Read a catalog (CSV or JSON), check it, and queue its products for enrichment in batches. "
        + "Re-running the same command resumes: only batches not yet queued are sent.")
public final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "FILE", description = "The catalog file (.csv or .json).")
  Path file;

  @Option(names = "--catalog-id", paramLabel = "ID",
      description = "Catalog id (default: from the file name and a hash of its content).")
  String catalogId;

  @Mixin BatchSizeOption batchSize;

  @Override
  public Integer call() {
    Settings settings = EnrichCommand.globalOf(spec).settings();
    OptionalInt size = batchSize.value();
    Catalog catalog = CatalogLoader.load(file);
    PrintWriter err = spec.commandLine().getErr();
    for (Rejection r : catalog.rejections()) {
      err.println(r.describe(file.toString()));
    }
    String id = catalogId != null ? catalogId : Submitter.deriveCatalogId(catalog.sourceName(), catalog.contentHash());
    SubmitResult result;
    try (SqsClient sqs = Clients.sqs(settings); DynamoDbClient dynamo = Clients.dynamo(settings)) {
      String queueUrl = QueueLocator.url(sqs, settings.queue());
      Submitter submitter = new Submitter(new DynamoSubmitLedger(dynamo, settings.table()),
          new SqsBatchQueue(sqs, queueUrl), new MessageCodec(), Clock.systemUTC());
      result = submitter.submit(catalog, id, settings.userId(),
          size, Map.of());
    }
    output.print(spec.commandLine().getOut(), result, text(result));
    return result.invalid() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
  }

  private static String text(SubmitResult r) {
    return String.format(Locale.ROOT,
        "catalog    %s%nproducts   %,d valid, %,d invalid%nbatches    %,d of %d products (%s)%nsent       %,d%s%n",
        r.catalogId(), r.products(), r.invalid(), r.batches(), r.batchSize(), r.sizeReason(), r.sent(),
        r.resumed() ? " (resumed: the other batches were already queued)" : "");
  }
}
