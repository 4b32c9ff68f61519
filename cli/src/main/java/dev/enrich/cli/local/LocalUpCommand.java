package dev.enrich.cli.local;

import dev.enrich.cli.WorkerOptions;
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
    LocalServers.require();
    return LocalServers.up(this);
  }
}
