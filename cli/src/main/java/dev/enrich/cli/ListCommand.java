package dev.enrich.cli;

import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.config.Settings;
import dev.enrich.client.track.CatalogLister;
import dev.enrich.client.track.CatalogListing;
import dev.enrich.client.track.CatalogTable;
import dev.enrich.client.track.Lookback;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.Listed;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "List a user's catalogs, newest first: state, products done/total, failed, submit time, source file.",
        "Reads the status table's by_user index (a catalog submitted a moment ago can take a moment to appear)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich list --since 7d",
        "  enrich list --user alice -o json | jq -r '.catalogs[].catalog_id'"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed (also when the user has no catalog)", "2:bad option",
        "3:the status table does not exist", "4:service unreachable"})
public final class ListCommand implements Callable<Integer> {
  static final int MAX_LIMIT = 1000;

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Option(names = {"--user", "--user-id"}, paramLabel = "USER",
      description = "Whose catalogs (default: ENRICH_USER_ID, the profile's user_id, or $USER).")
  String userId;

  @Option(names = "--since", paramLabel = "PERIOD", converter = PeriodConverter.class,
      description = "Only catalogs submitted within this period: 30m, 12h, 7d, 2w (default: all).")
  Duration since;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "At most this many catalogs, 1-" + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
  int limit;

  /** Entries per index query; small values exercise paging in tests. */
  @Option(names = "--page-size", hidden = true, defaultValue = "" + CatalogLister.DEFAULT_PAGE_SIZE)
  int pageSize;

  /** {@code --since} as a usage error that names the flag when it does not parse. */
  static final class PeriodConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Lookback.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw EnrichException.invalidInput("--limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
    }
    if (pageSize < 1 || pageSize > MAX_LIMIT) {
      throw EnrichException.invalidInput("--page-size must be between 1 and " + MAX_LIMIT + ", not " + pageSize);
    }
    if (userId != null && userId.isBlank()) {
      throw EnrichException.invalidInput("--user must not be empty");
    }
    Settings settings = EnrichCommand.globalOf(spec).settings();
    String user = userId != null ? userId : settings.userId();
    CatalogListing listing;
    try (DynamoDbClient dynamo = Clients.dynamo(settings)) {
      listing = new CatalogLister(dynamo, settings.table(), pageSize, Clock.systemUTC())
          .list(user, Optional.ofNullable(since), limit);
    }
    Listed listed = new Listed(listing.userId(), listing.since(), listing.limit(),
        listing.catalogs().stream().map(ListCommand::row).toList(), listing.more());
    output.print(spec.commandLine().getOut(), listed, CatalogTable.render(listing.catalogs()));
    PrintWriter err = spec.commandLine().getErr();
    String window = listing.since() == null ? ""
        : " submitted since " + listing.since().truncatedTo(ChronoUnit.SECONDS);
    if (listing.catalogs().isEmpty() && !listing.more()) {
      err.println("no catalogs of user " + user + window);
    } else if (listing.more() && !output.json()) {
      err.println("the newest " + listing.catalogs().size() + " of user " + user + window
          + "; there are more (raise --limit, or narrow with --since)");
    }
    err.flush();
    return ExitCodes.OK;
  }

  private static Listed.Row row(CatalogStatus s) {
    return new Listed.Row(s.catalogId(), s.state().name(), s.productsDone(), s.totalProducts(), s.succeeded(), s.failed(),
        s.submittedAt(), s.sourceName(), s.tokensSpent(), s.tokenBudget(), s.marketplaces());
  }
}
