package dev.enrich.cli;

import dev.enrich.client.EnrichClient;
import dev.enrich.client.config.Settings;
import dev.enrich.client.dlq.DlqText;
import dev.enrich.contract.output.QueueStats;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Show the batch queue and its dead-letter queue: messages waiting (depth), in flight, delayed, and the age "
            + "of the oldest message; the DLQ's move task, if any.",
        "The age: SQS reports ApproximateAgeOfOldestMessage only as a CloudWatch metric. For the DLQ it is taken "
            + "from the SentTimestamp of a sample of up to 10 messages received with visibility timeout 0 "
            + "('sampled': the oldest of the sample, exact for a small DLQ). The batch queue is not sampled, since "
            + "every receive there counts towards its maxReceiveCount: its age is 'unknown'."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich queue stats",
        "  enrich queue stats -o json | jq '.queues[] | select(.role == \"dead_letter\") | .visible'"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "3:the queue or its DLQ does not exist (or the queue has no RedrivePolicy)",
        "4:service unreachable"})
public final class QueueStatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Settings settings = EnrichCommand.globalOf(spec).settings();
    try (EnrichClient client = EnrichClient.builder().settings(settings).build()) {
      QueueStats stats = client.queueStats();
      output.print(spec.commandLine().getOut(), stats, DlqText.stats(stats));
    }
    return ExitCodes.OK;
  }
}
