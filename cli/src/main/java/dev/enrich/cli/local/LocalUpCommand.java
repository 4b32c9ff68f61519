package dev.enrich.cli.local;

import dev.enrich.cli.EnrichCommand;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.WorkerOptions;
import dev.enrich.client.config.Redaction;
import dev.enrich.client.config.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Start the local stack in this process, create the queue, DLQ, status table and indexes "
        + "(idempotently), and run the local worker. Ctrl-C finishes in-flight work and stops everything. "
        + "Other terminals reach it with --profile local (or ENRICH_PROFILE=local).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich local up                       # data kept under ~/.enrich/local",
        "  enrich local up --ephemeral --no-worker",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"2:invalid option, or a port is taken", "4:a local server failed to start",
        "130:stopped by Ctrl-C (SIGINT), after the worker's invocations in flight finished",
        "143:stopped by SIGTERM, likewise"})
public final class LocalUpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LocalStackOptions stackOptions;
  @Mixin WorkerOptions workerOptions;

  @Option(names = "--no-worker", description = "Start the servers only; consume with 'enrich worker' elsewhere.")
  boolean noWorker;

  @Mixin ProviderOption provider;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    WorkerSettings worker = workerOptions.settings();
    LocalStack stack = LocalStack.start(stackOptions.fixedPorts(), notice -> {
      err.println("local: " + notice);
      err.flush();
    });
    LocalWorker consumer = null;
    try {
      Settings settings = StackSettings.of(stack, EnrichCommand.globalOf(spec).settings(), provider.name);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("sqs        %s  queue %s (dlq %s, max receive count %d)%n",
          stack.sqsEndpoint(), stack.config().queueName(), stack.config().dlqName(), stack.config().maxReceiveCount());
      out.printf("dynamodb   %s  table %s (dynalite pid %d)%n", stack.dynamoEndpoint(), stack.config().tableName(), stack.dynalitePid());
      out.printf("mongodb    %s  database %s%n", Redaction.redact(stack.mongoUri()), stack.config().mongoDatabase());
      out.printf("data       %s%n", stack.config().ephemeral() ? "in memory (--ephemeral)" : stack.config().dataDir());
      out.flush();
      if (!noWorker) {
        consumer = InProcessConsumer.onStack(stack, settings, worker, System.err);
        consumer.start();
        err.printf("local: worker consuming with concurrency %d, provider %s%n", worker.concurrency(), provider.name);
      }
      err.println("local: ready. In another terminal: enrich --profile local submit FILE. Ctrl-C stops.");
      err.flush();
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    LocalWorker running = consumer;
    Foreground.runUntilStopped(() -> {
      System.err.println("local: stopping: finishing in-flight batches");
      if (running != null) {
        running.close();
      }
      stack.close();
      System.err.println("local: stopped");
    });
    return ExitCodes.OK;
  }
}
