package dev.enrich.cli;

import dev.enrich.cli.aws.Clients;
import dev.enrich.cli.config.Settings;
import dev.enrich.cli.track.CatalogState;
import dev.enrich.cli.track.CatalogStatus;
import dev.enrich.cli.track.StatusReader;
import dev.enrich.cli.track.StatusText;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = "Show a catalog's progress: state, products done/total, succeeded/failed.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:found (completed, cancelled, or still running)", "1:completed with failures",
        "3:unknown catalog", "4:service unreachable"})
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "CATALOG_ID", description = "The catalog id printed by submit.")
  String catalogId;

  @Override
  public Integer call() {
    Settings settings = EnrichCommand.globalOf(spec).settings();
    try (DynamoDbClient dynamo = Clients.dynamo(settings)) {
      CatalogStatus status = new StatusReader(dynamo, settings.table()).read(catalogId);
      output.print(spec.commandLine().getOut(), status, StatusText.render(status, Instant.now()));
      return status.state() == CatalogState.COMPLETED_WITH_FAILURES ? ExitCodes.SOME_FAILED : ExitCodes.OK;
    }
  }
}
