package dev.enrich.client;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.aws.QueueLocator;
import dev.enrich.client.aws.RemoteFailures;
import dev.enrich.client.catalog.Catalog;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.Limits;
import dev.enrich.client.catalog.Rejection;
import dev.enrich.client.config.Settings;
import dev.enrich.client.config.SettingsResolver;
import dev.enrich.client.dlq.DeadLetterQueue;
import dev.enrich.client.dlq.DlqPeeker;
import dev.enrich.client.dlq.DynamoRedriveLedger;
import dev.enrich.client.dlq.FilteredRedrive;
import dev.enrich.client.dlq.MoveTaskRedrive;
import dev.enrich.client.dlq.QueueStatsReader;
import dev.enrich.client.dlq.RedrivePlan;
import dev.enrich.client.dlq.RedriveProgress;
import dev.enrich.client.dlq.SqsDeadLetterQueue;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.client.submit.FailedRetry;
import dev.enrich.client.submit.MongoProductHistory;
import dev.enrich.client.submit.ProductHistory;
import dev.enrich.client.submit.SqsBatchQueue;
import dev.enrich.client.submit.SubmitPlan;
import dev.enrich.client.submit.SubmitProgress;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.SubmitResult;
import dev.enrich.client.submit.Submitter;
import dev.enrich.client.track.CatalogCanceller;
import dev.enrich.client.track.CatalogLister;
import dev.enrich.client.track.CatalogListing;
import dev.enrich.client.track.ExportFormat;
import dev.enrich.client.track.ExportTarget;
import dev.enrich.client.track.Exporter;
import dev.enrich.client.track.MongoProductSource;
import dev.enrich.client.track.StatusReader;
import dev.enrich.client.track.StatusWatch;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.Product;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.output.ExportSummary;
import dev.enrich.contract.output.PeekReport;
import dev.enrich.contract.output.QueueStats;
import dev.enrich.contract.output.RedriveReport;
import dev.enrich.contract.output.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.Document;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * enrich as a library: submit catalogs for enrichment and follow them, as the {@code enrich}
 * command does, from a service. Thread-safe; build one and share it. What the seed's backend
 * endpoint does ({@code send_enrichment_batches(catalog_id, user_id, products)}) is one call:
 *
 * <pre>{@code
 * EnrichClient client = EnrichClient.builder()
 *     .sqs(SqsClient.create()).dynamoDb(DynamoDbClient.create())
 *     .queue("enrich-batches").table("enrich-status")
 *     .build();
 * SubmitResult sent = client.submit("spring-2026", "seller-42", products);   // checked, batched, queued
 * StatusReport now = client.status(sent.catalogId());                        // progress, ETA, state
 * }</pre>
 *
 * <p>Failures are typed: {@link InvalidInputException} (nothing was sent), {@link
 * NotFoundException}, {@link RemoteServiceException} (calling again resumes), {@link
 * OperationInterruptedException}. A submit is resumable and idempotent per catalog id: calling it
 * again with the same products sends only the batches not yet queued.
 */
public final class EnrichClient implements AutoCloseable {
  private final SqsClient sqs;
  private final DynamoDbClient dynamo;
  private final Settings settings;
  private final String queue;
  private final String table;
  // Guarded by this: products() builds the MongoDB client from the settings on first use.
  private MongoClient mongo;
  private String mongoDatabase;
  private String mongoServers;
  private final Clock clock;
  private final List<AutoCloseable> owned;  // guarded by this for the lazily built MongoDB client
  private final MessageCodec codec = new MessageCodec();
  private volatile String queueUrl;

  private EnrichClient(Builder b, List<AutoCloseable> owned) {
    this.sqs = b.sqs;
    this.dynamo = b.dynamo;
    this.mongo = b.mongo;
    this.settings = b.settings;
    this.queue = b.queue;
    this.table = b.table;
    this.mongoDatabase = b.mongoDatabase;
    this.mongoServers = b.mongoServers;
    this.clock = b.clock;
    this.owned = owned;
  }

  /** A builder: give it clients, or settings to build them from. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured as the {@code enrich} command is without flags: {@code ENRICH_*}
   * variables, the profile named by {@code ENRICH_PROFILE} in {@code ~/.enrich/config}, and the AWS
   * SDK's default credentials and region.
   */
  public static EnrichClient fromEnvironment() {
    return builder().settings(SettingsResolver.fromSystem().resolve(null, Map.of())).build();
  }

  /**
   * Reads and checks a catalog and plans its batches without sending anything ({@code submit
   * --dry-run}, {@code validate}). Invalid rows go to {@code rejections}; close the plan.
   */
  public SubmitPlan plan(SubmitRequest request, CatalogSource source, Consumer<Rejection> rejections) {
    return remote(() -> plan(request, source, rejections, false));
  }

  /**
   * Reads, checks and queues a catalog: invalid rows go to {@code rejections} and are not sent; a
   * catalog with no valid product is refused ({@link InvalidInputException}).
   */
  public SubmitResult submit(SubmitRequest request, CatalogSource source, Consumer<Rejection> rejections,
      SubmitProgress progress) {
    return remote(() -> {
      try (SubmitPlan plan = plan(request, source, rejections, true)) {
        Submitter.requireSendable(source.name(), plan.scan(), false);
        return send(plan, request, progress);
      }
    });
  }

  /** {@link #submit(SubmitRequest, CatalogSource, Consumer, SubmitProgress)} without listeners. */
  public SubmitResult submit(SubmitRequest request, CatalogSource source) {
    return submit(request, source, rejection -> { }, SubmitProgress.NONE);
  }

  /**
   * The seed's {@code send_enrichment_batches}: checks {@code products}, batches and queues them
   * as catalog {@code catalogId} of {@code userId}. Invalid products are refused as a whole: the
   * exception names the first ones by position, and nothing is sent.
   */
  public SubmitResult submit(String catalogId, String userId, Iterable<Product> products) {
    Objects.requireNonNull(catalogId, "catalogId");
    Objects.requireNonNull(userId, "userId");
    return remote(() -> {
      SubmitRequest request = SubmitRequest.defaults(userId).withCatalogId(catalogId);
      List<String> invalid = new ArrayList<>();
      CatalogSource source = CatalogSource.products(products);
      try (SubmitPlan plan = plan(request, source, r -> {
        if (invalid.size() < 5) {
          invalid.add(r.describe(source.name()));
        }
      }, true)) {
        if (plan.scan().rejected() > 0) {
          throw new InvalidInputException(plan.scan().rejected() + " invalid product(s), nothing sent: "
              + String.join("; ", invalid));
        }
        Submitter.requireSendable(source.name(), plan.scan(), false);
        return send(plan, request, SubmitProgress.NONE);
      }
    });
  }

  /** Sends a plan made for sending (the CLI checks first, reports, then sends). */
  public SubmitResult send(SubmitPlan plan, SubmitRequest request, SubmitProgress progress) {
    return remote(() -> {
      Submitter submitter = new Submitter(new DynamoSubmitLedger(dynamo(), table),
          new SqsBatchQueue(sqs(), queueUrl()), codec, clock, plan.incremental() == null ? null : productHistory());
      return submitter.submit(plan, request, progress);
    });
  }

  /** Where a catalog stands now: state, counts, batches, rate and ETA. */
  public StatusReport status(String catalogId) {
    return remote(() -> StatusReport.of(new StatusReader(dynamo(), table).read(catalogId), clock.instant()));
  }

  /**
   * Follows a catalog until it ends or {@code timeout} (null: no limit) passes, telling {@code
   * listener} each new state; returns the last report, or null when interrupted. Transient read
   * failures are told to the listener and retried for a minute.
   */
  public StatusReport watch(String catalogId, Duration interval, Duration timeout, StatusWatch.View listener) {
    return remote(() -> {
      StatusReader reader = new StatusReader(dynamo(), table);
      StatusWatch watch = new StatusWatch(() -> reader.read(catalogId), clock, interval,
          Duration.ofSeconds(60).plus(interval), timeout, report -> report);
      try {
        return watch.run(listener);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationInterruptedException("interrupted while watching catalog " + catalogId);
      }
    });
  }

  /** The newest catalogs of {@code userId}, at most {@code limit}, optionally only those submitted since. */
  public CatalogListing list(String userId, Optional<Duration> since, int limit) {
    return remote(() -> new CatalogLister(dynamo(), table, CatalogLister.DEFAULT_PAGE_SIZE, clock)
        .list(userId, since, limit));
  }

  /** Cancels a catalog: batches not yet taken are skipped; what is being enriched finishes and counts. */
  public CatalogCanceller.Cancellation cancel(String catalogId) {
    return remote(() -> new CatalogCanceller(dynamo(), table, clock).cancel(catalogId));
  }

  /**
   * Writes a catalog's enriched products to {@code target}; needs MongoDB ({@link Builder#mongo}). A
   * CSV is safe to open in a spreadsheet: cells it would evaluate as formulas are written as text.
   */
  public ExportSummary export(String catalogId, ExportFormat format, ExportTarget target) {
    return export(catalogId, format, target, false);
  }

  /** {@link #export(String, ExportFormat, ExportTarget)}; with {@code rawCsv}, CSV cells exactly as stored. */
  public ExportSummary export(String catalogId, ExportFormat format, ExportTarget target, boolean rawCsv) {
    return remote(() -> new Exporter(new StatusReader(dynamo(), table)::read, products(), clock)
        .export(catalogId, format, target, rawCsv));
  }

  /**
   * Sends a finished catalog's FAILED products again, as a new round of the same catalog; needs
   * MongoDB, where the failed products' input is kept. The counts stay exact: a product is counted
   * once, its latest outcome winning. Running it again after a crash finishes the same round.
   */
  public FailedRetry.Result retryFailed(String catalogId, SubmitProgress progress) {
    return remote(() -> new FailedRetry(dynamo(), table,
        productCollection("retry-failed reads the failed products from MongoDB"),
        new SqsBatchQueue(sqs(), queueUrl()), codec, clock).retry(catalogId, progress));
  }

  /** The queue's and its dead-letter queue's depth, in flight, delayed and oldest message, and any move task. */
  public QueueStats queueStats() {
    return remote(() -> new QueueStatsReader(deadLetterQueue(), clock).read());
  }

  /** The dead-letter queue's messages (up to {@code max}), optionally of one catalog, without moving them. */
  public PeekReport peekDlq(String catalogId, int max) {
    return remote(() -> new DlqPeeker(deadLetterQueue(), new DynamoRedriveLedger(dynamo(), table))
        .peek(catalogId, max));
  }

  /**
   * Moves dead-lettered batches back to the queue and marks them pending again: those of {@code
   * catalogId} (null: all), at most {@code max} (null: all), at most {@code rate} per second (null:
   * as fast as allowed). With {@code dryRun} nothing moves.
   */
  public RedriveReport redriveDlq(String catalogId, Integer max, Integer rate, boolean dryRun,
      RedriveProgress progress, Consumer<String> notices) {
    return remote(() -> {
      DeadLetterQueue dlq = deadLetterQueue();
      DynamoRedriveLedger ledger = new DynamoRedriveLedger(dynamo(), table);
      try {
        if (catalogId != null || max != null) {
          return new FilteredRedrive(dlq, ledger, clock, notices)
              .run(catalogId, max, rate, dryRun, RedrivePlan.Confirmation.YES, progress);
        }
        return new MoveTaskRedrive(dlq, ledger, clock, Duration.ofSeconds(1), notices)
            .run(rate, dryRun, RedrivePlan.Confirmation.YES, progress);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationInterruptedException("interrupted while redriving the dead-letter queue");
      }
    });
  }

  /** Closes the clients this client built from settings; clients given to the builder stay open. */
  @Override
  public synchronized void close() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Closing an SDK client or driver does not fail in a way the caller could act on.
      }
    }
  }

  /** Runs {@code call}, turning an AWS SDK or MongoDB driver failure into the client's typed exceptions. */
  private <T> T remote(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw RemoteFailures.typed(e, settings == null ? null : settings.awsProfile()).map(RuntimeException.class::cast)
          .orElse(e);
    }
  }

  private SubmitPlan plan(SubmitRequest request, CatalogSource source, Consumer<Rejection> rejections,
      boolean forSending) {
    request.requireConsistent();
    ProductHistory history = request.incremental() ? productHistory() : null;
    try (CatalogInput input = source.open()) {
      return Submitter.plan(new Catalog(input, source.columnMap(), Limits.DEFAULT), request, codec, rejections,
          forSending, history, clock.instant());
    }
  }

  /**
   * The enriched products as {@code submit --incremental} compares with them and removes from
   * (docs/architecture.md section 10); needs MongoDB ({@link Builder#mongo}, or settings with a URI).
   */
  public ProductHistory productHistory() {
    return new MongoProductHistory(productCollection("submit --incremental compares the file with the enriched"
        + " products in MongoDB"));
  }

  /** The products collection, with the client and its database read under the lock that sets them. */
  private synchronized MongoCollection<Document> productCollection(String purpose) {
    return mongo(purpose).getDatabase(mongoDatabase).getCollection(ProductDocument.COLLECTION);
  }

  /**
   * The enriched products, read with the given MongoDB client or one built from the settings on first
   * use (submitting never needs it). The client, its database and its servers' names are set together
   * under the lock, so an export racing the first one never sees the client without its database.
   */
  private synchronized MongoProductSource products() {
    MongoClient client = mongo("export reads the enriched products from MongoDB");
    return new MongoProductSource(client.getDatabase(mongoDatabase).getCollection(ProductDocument.COLLECTION),
        mongoServers);
  }

  /** The MongoDB client, built from the settings on first use; {@code purpose} says who needs it when there is none. */
  private synchronized MongoClient mongo(String purpose) {
    if (mongo == null) {
      if (settings == null || settings.mongoUri() == null || settings.mongoUri().isBlank()) {
        throw new InvalidInputException(purpose + ": build the client with mongo(...) or settings with a URI "
            + "(MONGODB_URI, --mongodb-uri)");
      }
      mongo = Clients.mongo(settings);
      mongoServers = Clients.mongoServers(settings);
      mongoDatabase = settings.mongoDatabase();
      owned.add(mongo);
    }
    return mongo;
  }

  private SqsClient sqs() {
    if (sqs == null) {
      throw new InvalidInputException("this client has no SQS client: build it with sqs(...) or settings(...)");
    }
    return sqs;
  }

  private DynamoDbClient dynamo() {
    if (dynamo == null) {
      throw new InvalidInputException(
          "this client has no DynamoDB client: build it with dynamoDb(...) or settings(...)");
    }
    return dynamo;
  }

  private String queueUrl() {
    String url = queueUrl;
    if (url == null) {
      url = QueueLocator.url(sqs(), queue);
      queueUrl = url;
    }
    return url;
  }

  private DeadLetterQueue deadLetterQueue() {
    return SqsDeadLetterQueue.of(sqs(), queue);
  }

  /**
   * How an {@link EnrichClient} reaches AWS and MongoDB. Either hand it SDK clients you configured
   * (region, credentials, endpoint, HTTP client, retries) or {@link #settings} to build them as the
   * CLI does; the queue and table are names or, for the queue, a URL.
   *
   * <pre>{@code
   * EnrichClient.builder()
   *     .sqs(SqsClient.builder().region(Region.EU_WEST_1).build())
   *     .dynamoDb(DynamoDbClient.builder().region(Region.EU_WEST_1).build())
   *     .queue("enrich-batches").table("enrich-status")
   *     .mongo(MongoClients.create(uri), "enrich")   // for export and submit --incremental
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private SqsClient sqs;
    private DynamoDbClient dynamo;
    private MongoClient mongo;
    private String queue;
    private String table;
    private String mongoDatabase = "enrich";
    private String mongoServers = "MongoDB";
    private Clock clock = Clock.systemUTC();
    private Settings settings;

    private Builder() {}

    /** The SQS client to send batches and read the dead-letter queue with. */
    public Builder sqs(SqsClient sqs) {
      this.sqs = sqs;
      return this;
    }

    /** The DynamoDB client of the status table. */
    public Builder dynamoDb(DynamoDbClient dynamo) {
      this.dynamo = dynamo;
      return this;
    }

    /** The MongoDB client and database of the enriched products; export and incremental submits need it. */
    public Builder mongo(MongoClient mongo, String database) {
      this.mongo = mongo;
      this.mongoDatabase = Objects.requireNonNull(database, "database");
      this.mongoServers = String.join(",", mongo.getClusterDescription().getClusterSettings().getHosts().stream()
          .map(Object::toString).toList());
      return this;
    }

    /** The batch queue: a name or a URL. */
    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    /** The status table's name. */
    public Builder table(String table) {
      this.table = table;
      return this;
    }

    /** The clock that stamps submissions and ETAs (tests pass a fixed one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Resolved enrich settings (profile, environment): clients not given are built from them, and
     * closed with the {@link EnrichClient}; the queue, table and database come from them unless given.
     */
    public Builder settings(Settings settings) {
      this.settings = settings;
      return this;
    }

    /** The client; refuses one with no queue or table to work on. */
    public EnrichClient build() {
      List<AutoCloseable> owned = new ArrayList<>();
      if (settings != null) {
        if (sqs == null) {
          sqs = Clients.sqs(settings);
          owned.add(sqs);
        }
        if (dynamo == null) {
          dynamo = Clients.dynamo(settings);
          owned.add(dynamo);
        }
        queue = queue != null ? queue : settings.queue();
        table = table != null ? table : settings.table();
      }
      if (queue == null || queue.isBlank()) {
        throw new InvalidInputException("no queue: give the builder queue(...) or settings(...)");
      }
      if (table == null || table.isBlank()) {
        throw new InvalidInputException("no status table: give the builder table(...) or settings(...)");
      }
      return new EnrichClient(this, owned);
    }
  }
}
