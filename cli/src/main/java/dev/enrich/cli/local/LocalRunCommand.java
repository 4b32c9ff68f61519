package dev.enrich.cli.local;

import dev.enrich.cli.BatchSizeOption;
import dev.enrich.cli.CatalogChecks;
import dev.enrich.cli.CatalogOptions;
import dev.enrich.cli.EnrichCommand;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.OutputOptions;
import dev.enrich.cli.SubmitCommand;
import dev.enrich.cli.WorkerOptions;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.config.Settings;
import dev.enrich.client.submit.SubmitPlan;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.track.StatusText;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.RunReport;
import dev.enrich.contract.output.StatusReport;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import dev.enrich.local.StackSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

@Command(name = "run", mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "The whole pipeline in one process: start an in-memory local stack on free ports, submit "
        + "FILE, consume it with the in-process worker, wait until it completes, print the final status, "
        + "and check that MongoDB, the DynamoDB progress count and the catalog agree.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich local run sample-catalogs/kitchen-12.csv",
        "  enrich local run big.ndjson --concurrency 10 --output json | jq .check",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:completed, all three counts agree", "1:completed with failures, or counts disagree",
        "2:invalid input", "4:a local server failed"})
public final class LocalRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin WorkerOptions workerOptions;

  @Parameters(paramLabel = "FILE", description = "The catalog file (CSV, TSV, JSON, NDJSON), or - for stdin.")
  String file;

  @Mixin CatalogOptions catalogOptions;

  @Mixin BatchSizeOption batchSize;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "Give up if the catalog has not completed by then (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--log", description = "Print the consumer's JSON log lines to stderr.")
  boolean log;

  @Mixin ProviderOption provider;

  private static RunReport runReport(LocalRun.Outcome o, long skipped) {
    return new RunReport(SubmitCommand.submitted(o.submit(), skipped), StatusReport.of(o.status(), Instant.now()),
        new RunReport.Check(o.mongoDocuments(), o.mongoEnriched(), o.status().productsDone(), o.submit().products(),
            o.consistent()));
  }

  @Override
  public Integer call() throws InterruptedException, IOException {
    LocalServers.require();
    PrintWriter err = spec.commandLine().getErr();
    OptionalInt size = batchSize.value();
    WorkerSettings worker = workerOptions.settings();
    Settings global = EnrichCommand.globalOf(spec).settings();
    SubmitRequest options = new SubmitRequest(null, global.userId(), size, SubmitRequest.SQS_MAX_MESSAGE_BYTES,
        false, SubmitRequest.DEFAULT_SENDERS, Map.of());
    try (CatalogInput input = catalogOptions.open(file, System.in, global)) {
      return run(input, options, worker, err);
    }
  }

  private int run(CatalogInput input, SubmitRequest options, WorkerSettings worker, PrintWriter err)
      throws IOException, InterruptedException {
    try (SubmitPlan plan = CatalogChecks.checkedPlan(input, catalogOptions, options, new MessageCodec(), err, true)) {
      return run(input, plan, options, worker, err);
    }
  }

  private int run(CatalogInput input, SubmitPlan plan, SubmitRequest options, WorkerSettings worker, PrintWriter err)
      throws IOException, InterruptedException {
    PrintStream consumerLog = log ? System.err : new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    // A directory of its own, so that runs side by side never see each other's state file.
    Path dataDir = Files.createTempDirectory("enrich-run-");
    LocalStackConfig config = LocalStackConfig.defaults(dataDir).withPorts(0, 0, 0).withEphemeral(true);
    LocalRun.Outcome outcome;
    try (LocalStack stack = LocalStack.start(config, notice -> err.println("local: " + notice))) {
      err.printf("local: stack up (sqs %s, dynamodb %s); submitting %s%n", stack.sqsEndpoint(), stack.dynamoEndpoint(), input.displayName());
      err.flush();
      Settings settings = StackSettings.of(stack, EnrichCommand.globalOf(spec).settings(), provider.name);
      outcome = LocalRun.run(stack, settings, plan, options, worker,
          Duration.ofSeconds(timeoutSeconds), consumerLog);
    } finally {
      Files.deleteIfExists(dataDir.resolve("local-stack.json"));
      Files.deleteIfExists(dataDir);
    }
    output.print(spec.commandLine().getOut(), runReport(outcome, plan.scan().skipped()), text(outcome));
    if (!outcome.consistent()) {
      err.println("enrich: the stores disagree: see the counts above");
      return ExitCodes.SOME_FAILED;
    }
    return outcome.status().state() == CatalogState.COMPLETED && plan.scan().rejected() == 0
        ? ExitCodes.OK : ExitCodes.SOME_FAILED;
  }
  private static String text(LocalRun.Outcome o) {
    return StatusText.render(StatusReport.of(o.status(), Instant.now()))
        + String.format(Locale.ROOT, "check      mongodb %,d products (%,d enriched), dynamodb progress %,d,"
            + " catalog %,d valid: %s%n",
            o.mongoDocuments(), o.mongoEnriched(), o.status().productsDone(), o.submit().products(),
            o.consistent() ? "consistent" : "MISMATCH");
  }
}
