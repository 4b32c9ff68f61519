package dev.enrich.cli;

import com.mongodb.client.MongoClient;
import dev.enrich.cli.keepa.KeepaTokenCall;
import dev.enrich.cli.keepa.PlanForecaster;
import dev.enrich.cli.keepa.TokenRate;
import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.config.Settings;
import dev.enrich.client.track.BatchLister;
import dev.enrich.client.track.FailureReader;
import dev.enrich.client.track.FailureText;
import dev.enrich.client.track.JsonWatchView;
import dev.enrich.client.track.Lookback;
import dev.enrich.client.track.PlainWatchView;
import dev.enrich.client.track.StatusReader;
import dev.enrich.client.track.StatusText;
import dev.enrich.client.track.StatusWatch;
import dev.enrich.contract.BatchState;
import dev.enrich.contract.output.BatchPage;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.FailureReport;
import dev.enrich.contract.output.StatusReport;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.enrich.keepa.KeepaStatus;
import dev.enrich.lambda.store.MongoProductStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Show a catalog's progress: state, products done/total, succeeded/failed, batches by state, "
            + "rate and ETA. It reads the catalog item and its progress shards (one query, however many "
            + "batches), never the batches themselves.",
        "States: SENDING, QUEUED, IN_PROGRESS, COMPLETED, COMPLETED_WITH_FAILURES, CANCELLED, and FAILED: its "
            + "failed products passed submit --max-failures (status says why)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich status kitchen-12-1a2b3c4d",
        "  enrich status kitchen-12-1a2b3c4d --watch              # live, redrawn in place; ends by itself",
        "  enrich status kitchen-12-1a2b3c4d --wait --output json # block in a script, then one JSON document",
        "  enrich status kitchen-12-1a2b3c4d --wait --timeout 2h  # give up (exit 124) if not finished by then",
        "  enrich status kitchen-12-1a2b3c4d --batches --state FAILED",
        "  enrich status kitchen-12-1a2b3c4d --failures --limit 20",
    },
    exitCodeListHeading = "%nExit codes (with --watch or --wait, of the final state):%n",
    exitCodeList = {"0:completed, or still running (without --watch/--wait)",
        "1:completed with failures, cancelled, or FAILED (past submit --max-failures)", "2:usage error", "3:unknown catalog",
        "4:service unreachable",
        "124:--timeout passed before the catalog finished (it goes on; one line on stderr says how far it got)",
        "130:interrupted (Ctrl-C)"})
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "CATALOG_ID", description = "The catalog id printed by submit.")
  String catalogId;

  @ArgGroup(exclusive = true)
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "--watch", description = "Follow the catalog until it finishes: a block redrawn in place on a "
        + "terminal, one line per refresh otherwise (one JSON document per refresh with --output json).")
    boolean watch;

    @Option(names = "--wait", description = "Block without drawing until the catalog finishes, then print its status.")
    boolean waitFor;

    @Option(names = "--batches", description = "List the catalog's batches, --limit at a time (next page: --after).")
    boolean batches;

    @Option(names = "--failures", description = "List failing batches and failed products with their reasons.")
    boolean failures;
  }

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
      description = "Refresh interval of --watch and --wait (default: ${DEFAULT-VALUE}).")
  double intervalSeconds;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = TimeoutConverter.class,
      description = "With --wait or --watch: stop waiting after this long (90s, 30m, 2h, 1d) and exit 124 if the "
          + "catalog has not finished (default: wait until it does).")
  Duration timeout;

  static final class TimeoutConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Lookback.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Option(names = "--state", paramLabel = "STATE",
      description = "With --batches: only batches in this state (${COMPLETION-CANDIDATES}).")
  BatchState state;

  @Option(names = "--after", paramLabel = "BATCH_ID", description = "With --batches: start after this batch.")
  String after;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "With --batches or --failures: at most N entries (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--keepa-rate", paramLabel = "N/min",
      description = "The Keepa plan's refill rate: the ETA is then the slower of the observed rate and this one "
          + "(default: asked of Keepa's free /token call when KEEPA_API_KEY is set).")
  String keepaRate;

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (intervalSeconds < 0.1) {
      throw EnrichException.invalidInput("--interval must be at least 0.1 seconds, not " + intervalSeconds);
    }
    if (limit < 1) {
      throw EnrichException.invalidInput("--limit must be at least 1, not " + limit);
    }
    if ((state != null || after != null) && !mode.batches) {
      throw EnrichException.invalidInput("--state and --after go with --batches");
    }
    if (timeout != null && !mode.waitFor && !mode.watch) {
      throw EnrichException.invalidInput("--timeout goes with --wait or --watch");
    }
    TokenRate planRate = planRate();
    Settings settings = EnrichCommand.globalOf(spec).settings();
    PrintWriter out = spec.commandLine().getOut();
    try (DynamoDbClient dynamo = Clients.dynamo(settings)) {
      StatusReader reader = new StatusReader(dynamo, settings.table());
      if (mode.batches) {
        return batches(new BatchLister(dynamo, settings.table()), reader, out);
      }
      if (mode.failures) {
        return failures(dynamo, settings, out);
      }
      if (mode.watch || mode.waitFor) {
        // Tokens left count once, as of now: over a watch they are spent, so only the rate bounds the ETA.
        return watch(reader, out, planRate == null ? UnaryOperator.identity()
            : report -> report.withTokenRate(planRate.perMinute(), 0));
      }
      StatusReport report = StatusReport.of(reader.read(catalogId), Instant.now());
      if (planRate != null) {
        report = report.withTokenRate(planRate.perMinute(), planRate.tokensLeft());
      }
      output.print(out, report, StatusText.render(report));
      return report.state().terminal() ? exitCode(report.state()) : ExitCodes.OK;
    }
  }

  private int batches(BatchLister lister, StatusReader reader, PrintWriter out) {
    reader.read(catalogId); // an unknown catalog is "not found", not an empty page
    BatchPage page = lister.page(catalogId, state, after, limit);
    output.print(out, page, FailureText.batches(page));
    return ExitCodes.OK;
  }

  /** An unknown catalog is "not found" here too: {@link FailureReader} reads the catalog's shards first. */
  private int failures(DynamoDbClient dynamo, Settings settings, PrintWriter out) {
    boolean mongoConfigured = settings.mongoUri() != null && !settings.mongoUri().isBlank();
    if (!mongoConfigured) {
      FailureReport batchesOnly = new FailureReader(dynamo, settings.table(), null).read(catalogId, limit);
      spec.commandLine().getErr().println("status: no MongoDB configured (MONGODB_URI): failed products not listed");
      return printFailures(batchesOnly, out);
    }
    try (MongoClient mongo = Clients.mongo(settings)) {
      return printFailures(new FailureReader(dynamo, settings.table(), mongo.getDatabase(settings.mongoDatabase())
          .getCollection(MongoProductStore.COLLECTION)).read(catalogId, limit), out);
    }
  }

  private int printFailures(FailureReport report, PrintWriter out) {
    output.print(out, report, FailureText.render(report));
    return ExitCodes.OK;
  }

  /**
   * The plan's rate that bounds the ETA: from --keepa-rate, else from Keepa with a key; null without
   * either, for the observed rate alone. A failing /token call is one line on stderr, not the end of
   * the status.
   */
  private TokenRate planRate() {
    if (keepaRate == null && (mode.batches || mode.failures)) {
      return null;
    }
    TokenRate given;
    try {
      given = keepaRate == null ? null : TokenRate.parse(keepaRate);
    } catch (IllegalArgumentException e) {
      throw EnrichException.invalidInput(e.getMessage());
    }
    Supplier<KeepaStatus> call = KeepaTokenCall.fromEnvironment(System.getenv());
    if (given == null && call == null) {
      return null;
    }
    PlanForecaster.PlanRate plan = new PlanForecaster(call, Providers.ENV_KEEPA_KEY).rate(given);
    if (plan.rate() == null) {
      spec.commandLine().getErr().println("status: ETA from the observed rate only: " + plan.note());
    }
    return plan.rate();
  }

  private int watch(StatusReader reader, PrintWriter out, UnaryOperator<StatusReport> tokenEta)
      throws InterruptedException, IOException {
    Duration interval = Duration.ofMillis((long) (intervalSeconds * 1000));
    StatusWatch watch = new StatusWatch(() -> reader.read(catalogId), Clock.systemUTC(), interval,
        Duration.ofSeconds(60).plus(interval), timeout, tokenEta);
    PrintWriter err = spec.commandLine().getErr();
    StatusReport last;
    if (mode.waitFor) {
      last = watch.run(new StatusWatch.View() {
        @Override public void show(StatusReport report) { }
        @Override public void problem(String message) {
          err.println("status: " + message);
          err.flush();
        }
        @Override public void finish(StatusReport report) {
          output.print(out, report, StatusText.render(report));
        }
      });
    } else if (output.json()) {
      last = watch.run(new JsonWatchView(out, err, OutputOptions::toJson));
    } else if (ProgressBar.onTerminal()) {
      last = watchOnTerminal(watch);
    } else {
      last = watch.run(new PlainWatchView(out, err));
    }
    if (last == null) {
      return ExitCodes.INTERRUPTED;
    }
    if (!last.state().terminal()) {
      if (mode.waitFor) {
        output.print(out, last, StatusText.render(last)); // --wait prints the status it ends with, as when it finishes
      }
      err.println("status: " + StatusText.timedOut(last, timeout));
      err.flush();
      return ExitCodes.TIMED_OUT;
    }
    return exitCode(last.state());
  }

  /** The jline view; Ctrl-C ends the watch, restores the cursor and exits 130. */
  private StatusReport watchOnTerminal(StatusWatch watch) throws IOException, InterruptedException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      terminal.handle(Terminal.Signal.INT, signal -> watch.stop());
      TerminalWatchView view = new TerminalWatchView(terminal, System.getenv("NO_COLOR") == null);
      try {
        StatusReport last = watch.run(view);
        if (last == null) {
          terminal.writer().println();
          terminal.writer().println("status: interrupted; the catalog goes on without you watching");
        }
        return last;
      } finally {
        view.close();
      }
    }
  }

  static int exitCode(CatalogState state) {
    return switch (state) {
      case COMPLETED -> ExitCodes.OK;
      case COMPLETED_WITH_FAILURES, CANCELLED, FAILED -> ExitCodes.SOME_FAILED;
      default -> ExitCodes.OK;
    };
  }
}
