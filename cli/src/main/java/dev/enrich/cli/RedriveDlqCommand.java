package dev.enrich.cli;

import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.config.Settings;
import dev.enrich.client.dlq.DeadLetterQueue;
import dev.enrich.client.dlq.DlqText;
import dev.enrich.client.dlq.DynamoRedriveLedger;
import dev.enrich.client.dlq.FilteredRedrive;
import dev.enrich.client.dlq.MoveTaskRedrive;
import dev.enrich.client.dlq.RedrivePlan;
import dev.enrich.client.dlq.RedriveProgress;
import dev.enrich.client.dlq.SqsDeadLetterQueue;
import dev.enrich.contract.output.RedriveReport;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "redrive-dlq", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Put dead-letter queue messages back on the batch queue, once the cause is fixed (a provider or MongoDB "
            + "outage, say). Their batches go from FAILED back to QUEUED (attempts kept), so status stays truthful.",
        "Without --catalog or --max: an SQS message move task moves the whole DLQ (at up to --rate messages a "
            + "second), followed on a progress bar; it runs in SQS, so Ctrl-C stops watching, not the task: "
            + "--cancel stops it, and the batches left in the DLQ go back to FAILED.",
        "With --catalog or --max: enrich moves the messages itself, each sent to the batch queue and confirmed "
            + "before it is deleted from the DLQ, so a crash can duplicate a message (the consumer absorbs it) but "
            + "never lose one. Run it again to finish.",
        "Asks before moving anything on a terminal; elsewhere (scripts, CI) --yes is required."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich redrive-dlq --dry-run           # what would move, per catalog",
        "  enrich redrive-dlq --yes --rate 50     # the whole DLQ, 50 a second",
        "  enrich redrive-dlq --max 10 --yes      # a few first: is the cause fixed?",
        "  enrich redrive-dlq --catalog kitchen-12-1a2b3c4d --yes",
        "  enrich redrive-dlq --cancel            # stop a running move task"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:moved everything found (or nothing to move; a dry run; a cancel that stopped a task)",
        "1:not everything moved: the move task was cancelled, or the question was answered no",
        "2:bad option, or not on a terminal and no --yes, or a move task is running during a filtered redrive: "
            + "nothing moved",
        "3:the queue, its DLQ, the status table or the --catalog does not exist",
        "4:a service failed or is unreachable, or the move task FAILED (what was moved stays moved)",
        "130:interrupted"})
public final class RedriveDlqCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Option(names = "--catalog", paramLabel = "ID", description = "Only the messages of this catalog.")
  String catalogId;

  @Option(names = "--max", paramLabel = "N", description = "At most N messages (default: all).")
  Integer max;

  @Option(names = "--rate", paramLabel = "N",
      description = "At most N messages a second, 1-" + MoveTaskRedrive.MAX_RATE + " (default: as fast as SQS goes).")
  Integer rate;

  @Option(names = "--dry-run", description = "Say what would move; move nothing, change no status.")
  boolean dryRun;

  @Option(names = {"-y", "--yes"}, description = "Do not ask: required when not on a terminal.")
  boolean yes;

  @Option(names = "--cancel",
      description = "Stop the running move task; the batches left in the DLQ go back to FAILED.")
  boolean cancel;

  /** How often the move task is polled; tests shorten it. */
  @Option(names = "--poll-interval", hidden = true, paramLabel = "SECONDS", defaultValue = "1")
  double pollSeconds;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    PrintWriter err = spec.commandLine().getErr();
    Console console = ProgressBar.interactiveConsole();
    if (!cancel && !dryRun && !yes && console == null) {
      throw EnrichException.invalidInput("redrive-dlq moves messages and changes batch status: pass --yes to confirm"
          + " (there is no terminal to ask on), or --dry-run to see what would move; nothing moved");
    }
    RedrivePlan.Confirmation confirmation = yes || dryRun ? RedrivePlan.Confirmation.YES : plan -> ask(console, plan);
    Settings settings = EnrichCommand.globalOf(spec).settings();
    RedriveReport report;
    try (SqsClient sqs = Clients.sqs(settings); DynamoDbClient dynamo = Clients.dynamo(settings)) {
      DeadLetterQueue dlq = SqsDeadLetterQueue.of(sqs, settings.queue());
      DynamoRedriveLedger ledger = new DynamoRedriveLedger(dynamo, settings.table());
      RedriveProgress progress = ProgressBar.forRedrive(err);
      Consumer<String> notices = notice -> {
        err.println("redrive-dlq: " + notice);
        err.flush();
      };
      MoveTaskRedrive moveTask = new MoveTaskRedrive(dlq, ledger, Clock.systemUTC(),
          Duration.ofMillis((long) (pollSeconds * 1000)), notices);
      if (cancel) {
        report = moveTask.cancel();
      } else if (catalogId != null || max != null) {
        report = new FilteredRedrive(dlq, ledger, Clock.systemUTC(), notices)
            .run(catalogId, max, rate, dryRun, confirmation, progress);
      } else {
        report = moveTask.run(rate, dryRun, confirmation, progress);
      }
    }
    output.print(spec.commandLine().getOut(), report, DlqText.redrive(report));
    return exitCode(report);
  }

  private void validate() {
    if (cancel && (catalogId != null || max != null || rate != null || dryRun)) {
      throw EnrichException.invalidInput("--cancel stops the running move task: it takes no --catalog, --max, --rate"
          + " or --dry-run");
    }
    if (max != null && max < 1) {
      throw EnrichException.invalidInput("--max must be at least 1, not " + max);
    }
    if (rate != null && (rate < 1 || rate > MoveTaskRedrive.MAX_RATE)) {
      throw EnrichException.invalidInput("--rate must be between 1 and " + MoveTaskRedrive.MAX_RATE
          + " messages a second (SQS's bound for a move task), not " + rate);
    }
    if (pollSeconds < 0.05) {
      throw EnrichException.invalidInput("--poll-interval must be at least 0.05 seconds");
    }
  }

  private boolean ask(Console console, RedrivePlan plan) {
    PrintWriter err = spec.commandLine().getErr();
    err.print(DlqText.question(plan));
    err.flush();
    String answer = console.readLine();
    return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
  }

  static int exitCode(RedriveReport report) {
    return switch (report.outcome()) {
      case RedriveReport.FAILED -> ExitCodes.REMOTE;
      case RedriveReport.DECLINED -> ExitCodes.SOME_FAILED;
      case RedriveReport.CANCELLED ->
          RedriveReport.MODE_CANCEL.equals(report.mode()) ? ExitCodes.OK : ExitCodes.SOME_FAILED;
      default -> ExitCodes.OK;
    };
  }
}
