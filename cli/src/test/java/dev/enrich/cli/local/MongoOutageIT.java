package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.track.CatalogState;
import dev.enrich.cli.track.CatalogStatus;
import dev.enrich.cli.track.StatusReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MongoDB goes away mid-run and comes back: the failed records return through SQS and count once. */
class MongoOutageIT {

  @Test
  void mongoDown_recordsComeBackThroughSqs_andTheCatalogCompletesWithExactCounts(@TempDir Path dir) throws Exception {
    try (StackFixture fixture = new StackFixture(c -> c.withVisibilityTimeoutSeconds(2).withMaxReceiveCount(50));
        TcpProxy proxy = TcpProxy.to(new ConnectionString(fixture.stack.mongoUri()).getHosts().stream()
            .map(h -> Integer.parseInt(h.substring(h.lastIndexOf(':') + 1))).findFirst().orElseThrow());
        MongoClient throughProxy = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port()))
            .applyToClusterSettings(b -> b.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
            .applyToSocketSettings(b -> b.connectTimeout(500, TimeUnit.MILLISECONDS).readTimeout(2, TimeUnit.SECONDS))
            .build())) {
      StringBuilder csv = new StringBuilder("sku,asin,title\n");
      for (int i = 1; i <= 1000; i++) {
        csv.append(String.format("OUT-%04d,B1%08d,Product %d%n", i, i, i));
      }
      Path file = Files.writeString(dir.resolve("outage.csv"), csv);
      List<String> args = new ArrayList<>(List.of("submit", file.toString(), "--catalog-id", "outage", "--batch-size", "10"));
      args.addAll(List.of(fixture.flags()));
      CliRun submit = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());

      ByteArrayOutputStream log = new ByteArrayOutputStream();
      var handler = InProcessConsumer.handler(fixture.settings(), fixture.stack.dynamoClient(), throughProxy,
          fixture.stack.sqsClient(), Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8));
      StatusReader status = new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName());
      try (LocalWorker worker = new LocalWorker(fixture.stack.sqsClient(), fixture.stack.queueUrl(),
          fixture.stack.config().region(), handler, new WorkerSettings(10, 4, 1, 60),
          new PrintStream(OutputStream.nullOutputStream()))) {
        worker.start();
        await(() -> status.read("outage").productsDone() >= 200, Duration.ofSeconds(60), "a first part done");
        proxy.cut();
        Thread.sleep(4_000); // records fail with MongoDB away and go back to the queue
        long doneDuringOutage = status.read("outage").productsDone();
        proxy.restore();
        await(() -> status.read("outage").state().terminal(), Duration.ofSeconds(120), "completion");
        assertTrue(doneDuringOutage < 1000, "the outage hit work still to do: " + doneDuringOutage);
      }
      CatalogStatus done = status.read("outage");
      assertEquals(CatalogState.COMPLETED, done.state());
      assertEquals(1000, done.productsDone());
      assertEquals(1000, done.succeeded());
      assertEquals(1000, fixture.mongoCount("outage"));
      assertEquals(0, fixture.messagesIn(fixture.stack.dlqUrl()));
      long retried = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"outcome\":\"RETRY\"")).count();
      assertTrue(retried > 0, "some records failed while MongoDB was away and came back through SQS");
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(50);
    }
  }
}
