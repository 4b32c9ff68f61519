package dev.enrich.cli;

import dev.enrich.client.EnrichClient;
import dev.enrich.client.EnrichException;
import dev.enrich.client.config.Settings;
import dev.enrich.client.dlq.DlqText;
import dev.enrich.contract.output.PeekReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    try (EnrichClient client = EnrichClient.builder().settings(settings).build()) {
      PeekReport report = client.peekDlq(catalogId, max);
      output.print(spec.commandLine().getOut(), report, DlqText.peek(report));
    }
    return ExitCodes.OK;
  }
}
