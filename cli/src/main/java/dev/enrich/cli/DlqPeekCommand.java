package dev.enrich.cli;

import dev.enrich.cli.aws.Clients;
import dev.enrich.cli.config.Settings;
import dev.enrich.cli.dlq.DlqPeeker;
import dev.enrich.cli.dlq.DlqText;
import dev.enrich.cli.dlq.DynamoRedriveLedger;
import dev.enrich.cli.dlq.PeekReport;
import dev.enrich.cli.dlq.SqsDeadLetterQueue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "peek", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "List dead-letter queue messages: catalog, batch, products, receive count, when the batch was first sent, "
            + "and the batch's state and last error from the status table.",
        "Consumes nothing: each message is received, held while the listing is made, then made visible again at "
            + "once (ChangeMessageVisibility 0). The DLQ is the one the queue's RedrivePolicy names."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich dlq peek",
        "  enrich dlq peek --catalog kitchen-12-1a2b3c4d --max 50",
        "  enrich dlq peek -o json | jq -r '.messages[] | [.catalog_id, .batch_id, .last_error] | @tsv'"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed (also when the DLQ is empty)", "2:bad option",
        "3:the queue, its DLQ or the status table does not exist (or the queue has no RedrivePolicy)",
        "4:service unreachable"})
public final class DlqPeekCommand implements Callable<Integer> {
  static final int MAX_MAX = 10_000;

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Option(names = "--max", paramLabel = "N", defaultValue = "10",
      description = "At most N messages, 1-" + MAX_MAX + " (default: ${DEFAULT-VALUE}).")
  int max;

  @Option(names = "--catalog", paramLabel = "ID", description = "Only the messages of this catalog.")
  String catalogId;

  @Override
  public Integer call() {
    if (max < 1 || max > MAX_MAX) {
      throw EnrichException.invalidInput("--max must be between 1 and " + MAX_MAX + ", not " + max);
    }
    Settings settings = EnrichCommand.globalOf(spec).settings();
    try (SqsClient sqs = Clients.sqs(settings); DynamoDbClient dynamo = Clients.dynamo(settings)) {
      PeekReport report = new DlqPeeker(SqsDeadLetterQueue.of(sqs, settings.queue()),
          new DynamoRedriveLedger(dynamo, settings.table())).peek(catalogId, max);
      output.print(spec.commandLine().getOut(), report, DlqText.peek(report));
    }
    return ExitCodes.OK;
  }
}
