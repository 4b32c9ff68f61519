package dev.enrich.cli.chaos;

import static dev.enrich.cli.Await.until;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.InProcessConsumer;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB goes away mid-run (the consumer's connections dropped, new ones refused) and comes back:
 * the records that failed meanwhile return through SQS, and the catalog ends exact.
 */
@Tag("chaos")
class MongoOutageIT {
  private static final int PRODUCTS = 1000;
  /** Records failed while MongoDB was away, before it comes back. */
  private static final int RETRIES = 8;

  @Test
  void mongoDown_recordsComeBackThroughSqs_andTheCatalogEndsExact(@TempDir Path dir) throws Exception {
    try (StackFixture fixture = new StackFixture(c -> c.withVisibilityTimeoutSeconds(2).withMaxReceiveCount(50));
        TcpProxy proxy = TcpProxy.to(new ConnectionString(fixture.stack.mongoUri()).getHosts().stream()
            .map(h -> Integer.parseInt(h.substring(h.lastIndexOf(':') + 1))).findFirst().orElseThrow());
        MongoClient throughProxy = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port()))
            .applyToClusterSettings(b -> b.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
            .applyToSocketSettings(b -> b.connectTimeout(500, TimeUnit.MILLISECONDS).readTimeout(2, TimeUnit.SECONDS))
            .build())) {
      ChaosCatalog catalog = ChaosCatalog.write(dir, "outage", PRODUCTS);
      catalog.submit(fixture, 10);

      ByteArrayOutputStream log = new ByteArrayOutputStream();
      PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
      var handler = InProcessConsumer.handler(fixture.settings(), fixture.stack.dynamoClient(), throughProxy,
          fixture.stack.sqsClient(), Clock.systemUTC(), logStream);
      long doneWhenCut;
      long doneWhenRestored;
      try (LocalWorker worker = new LocalWorker(fixture.stack.sqsClient(), fixture.stack.queueUrl(),
          fixture.stack.config().region(), handler, new WorkerSettings(10, 4, 1, 60),
          new PrintStream(OutputStream.nullOutputStream()))) {
        worker.start();
        until(() -> catalog.done(fixture) >= PRODUCTS / 5, Duration.ofSeconds(60), "a first part done");
        proxy.cut();
        doneWhenCut = catalog.done(fixture);
        until(() -> retries(log) >= RETRIES, Duration.ofSeconds(60), () -> RETRIES
            + " records failed while MongoDB is away (so far " + retries(log) + ")");
        doneWhenRestored = catalog.done(fixture);
        proxy.restore();
        catalog.awaitSettled(fixture, Duration.ofSeconds(120));
      }
      assertTrue(doneWhenRestored < PRODUCTS, "the outage hit work still to do: " + doneWhenRestored);
      CatalogOutcome.assertExact(fixture, catalog.id(), catalog.skus());
      System.out.printf("mongo outage: cut at %d of %d done, restored at %d, %d records retried%n",
          doneWhenCut, PRODUCTS, doneWhenRestored, retries(log));
    }
  }

  private static long retries(ByteArrayOutputStream log) {
    return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"outcome\":\"RETRY\"")).count();
  }
}
