package dev.enrich.cli.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.cli.Await;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.BatchProcessor;
import dev.enrich.lambda.EnrichmentHandler;
import dev.enrich.lambda.EventLog;
import dev.enrich.lambda.enrich.keepa.DynamoTokenPool;
import dev.enrich.lambda.enrich.keepa.KeepaClient;
import dev.enrich.lambda.enrich.keepa.KeepaProvider;
import dev.enrich.lambda.keepa.KeepaStandIn;
import dev.enrich.lambda.sqs.SqsQueues;
import dev.enrich.lambda.sqs.VisibilityKeeper;
import dev.enrich.lambda.store.BatchLedger;
import dev.enrich.lambda.store.DynamoBatchLedger;
import dev.enrich.lambda.store.MongoProductStore;
import dev.enrich.lambda.store.ProductStore;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a Keepa plan far below demand costs in billed consumer time: the real handler at
 * concurrency 10 against the Keepa stand-in refilling 100 tokens a second (time scaled: a second
 * stands for Keepa's minute), 2,000 products. Each worker thread is one Lambda container, with a
 * provider of its own and Keepa's tokens counted in the status table, as the deployed consumer
 * counts them. The figure is the billed invocation time (the sum of handler durations) over the
 * time the work needs: Keepa's HTTP calls and the stores (MongoDB upserts, the status table's
 * writes and reads, the token pool's among them; the detail line also gives the ratio without the
 * pool). Measured twice in the same run: waiting for tokens inside the invocation, as the consumer
 * did before, and deferring batches after a short wait, as it does now. Also checks that the
 * catalog ended exact with nothing in the DLQ. Run by {@code scripts/bench keepa-starved}.
 */
public final class DeferralBench {
  private static final int PRODUCTS = 2_000;

  private DeferralBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("enrich-bench-deferral-");
    Path catalog = dir.resolve("starved.csv");
    StringBuilder csv = new StringBuilder("sku,asin,title\n");
    for (int i = 1; i <= PRODUCTS; i++) {
      csv.append(String.format(Locale.ROOT, "S-%05d,B0%08d,Product %d%n", i, i, i));
    }
    Files.writeString(catalog, csv);
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
    try (LocalStack stack = LocalStack.start(config, notice -> { })) {
      // A wait longer than any invocation: never deferred, every batch waits its turn, as before.
      double before = run(stack, catalog, "waiting", Duration.ofDays(1));
      // 20 s of Keepa's minute, as the template's default, scaled as the refill period is.
      double after = run(stack, catalog, "deferring", Duration.ofMillis(333));
      BenchRow.atMost("Keepa plan far below demand: billed consumer time / time the work needs (concurrency 10,"
              + " 2,000 products)", String.format(Locale.ROOT, "%.2f (deferring)", after),
          "waiting for tokens in the invocation, as before", String.format(Locale.ROOT, "%.2f", before), after, 2.0)
          .print();
    }
  }

  /** One catalog through the consumer; returns billed time over work time. */
  private static double run(LocalStack stack, Path catalog, String id, Duration maxTokenWait) throws Exception {
    try (KeepaStandIn keepa = KeepaStandIn.builder().key("bench-key").initialTokens(0).refillRate(100)
        .refillPeriod(Duration.ofSeconds(1)).maxTokens(200).start()) {
      ConsumerBench.submit(stack, catalog, id, OptionalInt.of(20));
      AtomicLong keepaNanos = new AtomicLong();
      AtomicLong storeNanos = new AtomicLong();
      AtomicLong billedNanos = new AtomicLong();
      KeepaClient client = new KeepaClient(keepa.uri(), "bench-key", new TimedHttpClient(HttpClient.newHttpClient(),
          keepaNanos), Duration.ofSeconds(10), Clock.systemUTC());
      ProductStore mongo = new MongoProductStore(stack.mongoClient().getDatabase(stack.config().mongoDatabase())
          .getCollection(MongoProductStore.COLLECTION), Clock.systemUTC());
      ProductStore store = (catalogId, batchId, results) -> timed(storeNanos, () -> {
        mongo.upsert(catalogId, batchId, results);
        return null;
      });
      BatchLedger ledger = new TimedLedger(new DynamoBatchLedger(stack.dynamoClient(), stack.config().tableName()),
          storeNanos);
      java.io.ByteArrayOutputStream events = new java.io.ByteArrayOutputStream();
      EventLog log = new EventLog(new PrintStream(events, true, java.nio.charset.StandardCharsets.UTF_8));
      // Each worker thread is one Lambda container: a provider of its own, Keepa's tokens counted in the
      // status table as the deployed consumers count them. The pool's reads and writes are status table
      // calls, timed apart.
      AtomicLong poolNanos = new AtomicLong();
      AtomicLong sleptNanos = new AtomicLong();
      DynamoDbClient timedDynamo = timedClient(stack.dynamoClient(), poolNanos);
      ThreadLocal<EnrichmentHandler> containers = ThreadLocal.withInitial(() -> {
        KeepaProvider provider = new KeepaProvider(client, 1, KeepaProvider.RetryPolicy.DEFAULT,
            new KeepaProvider.TokenPolicy(maxTokenWait, Duration.ofSeconds(1)),
            new DynamoTokenPool(timedDynamo, stack.config().tableName(), keepa.uri(), Clock.systemUTC()),
            millis -> {
              long t = System.nanoTime();
              Thread.sleep(millis);
              sleptNanos.addAndGet(System.nanoTime() - t);
            }, Clock.systemUTC());
        BatchProcessor processor = new BatchProcessor(new MessageCodec(), provider, store, ledger, Clock.systemUTC());
        return new EnrichmentHandler(processor, log,
            new VisibilityKeeper(new SqsQueues(stack.sqsClient()), warning -> { }));
      });
      RequestHandler<SQSEvent, SQSBatchResponse> billed = (event, context) ->
          timed(billedNanos, () -> containers.get().handleRequest(event, context));
      long start = System.nanoTime();
      try (LocalWorker worker = new LocalWorker(stack.sqsClient(), stack.queueUrl(), stack.config().region(), billed,
          new WorkerSettings(10, 10, 1, 900), new PrintStream(OutputStream.nullOutputStream()))) {
        worker.start();
        StatusReader status = new StatusReader(stack.dynamoClient(), stack.config().tableName());
        CatalogStatus s = Await.until(() -> status.read(id), x -> x.state().terminal(), Duration.ofMinutes(30),
            Duration.ofMillis(50), x -> id + " to finish: " + x);
        if (s.productsDone() != PRODUCTS || s.succeeded() != PRODUCTS) {
          throw new IllegalStateException(id + ": not exact: " + s);
        }
      }
      int inDlq = Integer.parseInt(stack.sqsClient().getQueueAttributes(b -> b.queueUrl(stack.dlqUrl())
          .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
          .get("ApproximateNumberOfMessages"));
      if (inDlq != 0) {
        throw new IllegalStateException(id + ": " + inDlq + " batches in the DLQ");
      }
      long wallMs = (System.nanoTime() - start) / 1_000_000;
      double work = (keepaNanos.get() + storeNanos.get() + poolNanos.get()) / 1e9;
      double workWithoutPool = (keepaNanos.get() + storeNanos.get()) / 1e9;
      double billedSeconds = billedNanos.get() / 1e9;
      long deferrals = events.toString(java.nio.charset.StandardCharsets.UTF_8).split("\"outcome\":\"DEFERRED\"", -1)
          .length - 1;
      System.out.printf(Locale.ROOT, "keepa-starved\t%s\t%,d products in %,d ms\tbilled %.1f s\tKeepa calls %.1f s"
              + "\tstores %.1f s\ttoken pool %.1f s\tbilled/work %.2f (%.2f without the pool)\ttokens %,d\t429s %d"
              + "\tdeferrals %,d\twaiting for tokens %.1f s%n", id, PRODUCTS, wallMs, billedSeconds,
          keepaNanos.get() / 1e9, storeNanos.get() / 1e9, poolNanos.get() / 1e9, billedSeconds / work,
          billedSeconds / workWithoutPool, keepa.tokensConsumed(), keepa.tooManyRequestsServed(), deferrals,
          sleptNanos.get() / 1e9);
      return billedSeconds / work;
    }
  }

  /** A DynamoDB client whose every call adds its time to {@code nanos}. */
  private static DynamoDbClient timedClient(DynamoDbClient dynamo, AtomicLong nanos) {
    return (DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
          long start = System.nanoTime();
          try {
            return method.invoke(dynamo, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          } finally {
            nanos.addAndGet(System.nanoTime() - start);
          }
        });
  }

  private static <T> T timed(AtomicLong total, Supplier<T> action) {
    long start = System.nanoTime();
    try {
      return action.get();
    } finally {
      total.addAndGet(System.nanoTime() - start);
    }
  }

  /** The status table's writes and reads, timed as work. */
  private record TimedLedger(BatchLedger ledger, AtomicLong nanos) implements BatchLedger {
    @Override
    public Optional<CatalogView> catalog(String catalogId) {
      return timed(nanos, () -> ledger.catalog(catalogId));
    }

    @Override
    public Start start(String catalogId, String batchId, int shardCount, Instant now) {
      return timed(nanos, () -> ledger.start(catalogId, batchId, shardCount, now));
    }

    @Override
    public void complete(String catalogId, String batchId, int shardCount, int succeeded, int failed, Instant now) {
      complete(catalogId, batchId, shardCount, succeeded, failed, 0, now);
    }

    @Override
    public void complete(String catalogId, String batchId, int shardCount, int succeeded, int failed, long tokens,
        Instant now) {
      timed(nanos, () -> {
        ledger.complete(catalogId, batchId, shardCount, succeeded, failed, tokens, now);
        return null;
      });
    }

    @Override
    public void cancel(String catalogId, String batchId, int shardCount, Instant now) {
      timed(nanos, () -> {
        ledger.cancel(catalogId, batchId, shardCount, now);
        return null;
      });
    }

    @Override
    public void fail(String catalogId, String batchId, int shardCount, String error, Instant now) {
      timed(nanos, () -> {
        ledger.fail(catalogId, batchId, shardCount, error, now);
        return null;
      });
    }

    @Override
    public boolean claimTokens(String catalogId, String batchId, long tokens, long budget) {
      return timed(nanos, () -> ledger.claimTokens(catalogId, batchId, tokens, budget));
    }
  }

  /** An HttpClient that adds the time of every send to a counter: Keepa's HTTP calls, timed as work. */
  private static final class TimedHttpClient extends HttpClient {
    private final HttpClient http;
    private final AtomicLong nanos;

    TimedHttpClient(HttpClient http, AtomicLong nanos) {
      this.http = http;
      this.nanos = nanos;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      long start = System.nanoTime();
      try {
        return http.send(request, handler);
      } finally {
        nanos.addAndGet(System.nanoTime() - start);
      }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      return http.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> push) {
      return http.sendAsync(request, handler, push);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
      return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
      return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
      return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return http.authenticator();
    }

    @Override
    public Version version() {
      return http.version();
    }

    @Override
    public Optional<Executor> executor() {
      return http.executor();
    }
  }
}
