package dev.enrich.cli;

import dev.enrich.client.EnrichClient;
import dev.enrich.client.config.Settings;
import dev.enrich.client.submit.FailedRetry;
import dev.enrich.contract.output.RetriedFailed;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "retry-failed", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Send a finished catalog's FAILED products again, and only those (not their whole batches), as a new round "
            + "of the same catalog. The counts stay exact: a product is counted once, its latest outcome winning, so "
            + "the catalog ends COMPLETED when the retried products succeed.",
        "Needs MongoDB, where the failed products' input is kept. Running it again after a crash finishes the same "
            + "round; running it on a catalog without failures does nothing."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich retry-failed garden-450-1a2b3c4d && enrich status garden-450-1a2b3c4d --wait",
        "  enrich retry-failed garden-450-1a2b3c4d --output json | jq .products",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the round was sent, or there was nothing to retry",
        "2:the catalog is not finished, was cancelled, or stopped past --max-failures", "3:unknown catalog",
        "4:service unreachable"})
public final class RetryFailedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "CATALOG_ID", description = "The catalog id printed by submit.")
  String catalogId;

  @Override
  public Integer call() {
    Settings settings = EnrichCommand.globalOf(spec).settings();
    FailedRetry.Result r;
    try (EnrichClient client = EnrichClient.builder().settings(settings).build()) {
      r = client.retryFailed(catalogId, new ProgressBar(spec.commandLine().getErr(), ProgressBar.onTerminal()));
    }
    RetriedFailed out = new RetriedFailed(r.catalogId(), r.round(), r.products(), r.batches(), r.sent(), r.resumed());
    output.print(spec.commandLine().getOut(), out, text(out));
    return ExitCodes.OK;
  }

  private static String text(RetriedFailed r) {
    if (r.round() == 0) {
      return String.format(Locale.ROOT, "nothing to retry: catalog %s has no failed product%n", r.catalogId());
    }
    return String.format(Locale.ROOT, "retry      %s, round %d%s%n"
        + "products   %,d failed products sent again in %,d batches (%,d sent by this run)%n"
        + "follow     enrich status %s --watch%n",
        r.catalogId(), r.round(), r.resumed() ? " (finished a round an earlier run started)" : "", r.products(),
        r.batches(), r.sent(), r.catalogId());
  }
}
