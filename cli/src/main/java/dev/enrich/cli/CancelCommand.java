package dev.enrich.cli;

import dev.enrich.client.EnrichClient;
import dev.enrich.client.config.Settings;
import dev.enrich.client.track.CatalogCanceller;
import dev.enrich.client.track.CatalogCanceller.Cancellation;
import dev.enrich.contract.output.Cancelled;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cancel", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Cancel a catalog: the consumer skips its batches not yet processed (they leave the queue without being "
            + "enriched, so they spend no provider tokens); batches already being processed finish and count.",
        "Prints what had completed. Cancelling again changes nothing; a completed catalog is left as it is."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich cancel garden-450-1a2b3c4d",
        "  enrich cancel garden-450-1a2b3c4d --output json | jq .batches_remaining",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:cancelled, or already cancelled, or already completed (nothing to cancel)",
        "3:unknown catalog", "4:service unreachable"})
public final class CancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "CATALOG_ID", description = "The catalog id printed by submit.")
  String catalogId;
  @Override
  public Integer call() {
    Settings settings = EnrichCommand.globalOf(spec).settings();
    Cancellation result;
    try (EnrichClient client = EnrichClient.builder().settings(settings).build()) {
      result = client.cancel(catalogId);
    }
    CatalogStatus s = result.status();
    Cancelled out = new Cancelled(s.catalogId(), result.outcome().name().toLowerCase(Locale.ROOT), s.state().name(),
        s.productsDone(), s.totalProducts(), s.succeeded(), s.failed(), s.batchesDone(), s.totalBatches(),
        Math.max(0, s.totalBatches() - s.batchesDone()));
    output.print(spec.commandLine().getOut(), out, text(result.outcome(), out));
    return ExitCodes.OK;
  }

  private static String text(CatalogCanceller.Outcome outcome, Cancelled c) {
    String headline = switch (outcome) {
      case CANCELLED -> "cancelled  %s%n";
      case ALREADY_CANCELLED -> "cancelled  %s (already: nothing changed)%n";
      case ALREADY_COMPLETED -> CatalogState.FAILED.name().equals(c.state())
          ? "failed     %s: already stopped past --max-failures and drained, nothing changed%n"
          : "completed  %s: nothing left to cancel, nothing changed%n";
    };
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, headline, c.catalogId()));
    text.append(String.format(Locale.ROOT, "products   %,d / %,d done (%,d succeeded, %,d failed)%n",
        c.productsDone(), c.totalProducts(), c.succeeded(), c.failed()));
    text.append(String.format(Locale.ROOT, "batches    %,d / %,d done", c.batchesDone(), c.totalBatches()));
    if (outcome != CatalogCanceller.Outcome.ALREADY_COMPLETED && c.batchesRemaining() > 0) {
      text.append(String.format(Locale.ROOT, "; the other %,d are skipped: drained from the queue, not enriched",
          c.batchesRemaining()));
    }
    text.append(String.format(Locale.ROOT, "%n"));
    return text.toString();
  }
}
