package dev.enrich.cli.keepa;

import dev.enrich.client.aws.Clients;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.enrich.DeferredEnrichmentException;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.TransientEnrichmentException;
import dev.enrich.lambda.enrich.keepa.DynamoTokenPool;
import dev.enrich.lambda.enrich.keepa.KeepaClient;
import dev.enrich.lambda.enrich.keepa.KeepaProvider;
import dev.enrich.lambda.enrich.keepa.LocalTokenPool;
import dev.enrich.lambda.enrich.keepa.TokenPool;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One consumer process spending Keepa tokens, as one Lambda container does: one batch of 20 ASINs
 * at a time through {@link KeepaProvider#reserve} and {@link KeepaProvider#enrich}; a deferred batch
 * comes back after the delay the provider asked for (SQS's {@code DelaySeconds} in production). Runs
 * until its standard input closes, then prints one line: {@code SPENT batches deferrals failures tokens 429s}.
 *
 * <p>Arguments: Keepa endpoint, key, process number, refill period (ms), longest token wait (ms),
 * then {@code shared DYNAMODB_ENDPOINT REGION TABLE} for the pool in the status table, or
 * {@code local} for a pool of this process alone (how every consumer counted before).
 */
public final class TokenSpender {
  private TokenSpender() {}

  public static void main(String[] args) throws Exception {
    URI keepa = URI.create(args[0]);
    String key = args[1];
    int process = Integer.parseInt(args[2]);
    Duration period = Duration.ofMillis(Long.parseLong(args[3]));
    Duration maxWait = Duration.ofMillis(Long.parseLong(args[4]));
    Clock clock = Clock.systemUTC();
    TokenPool pool;
    DynamoDbClient dynamo = null;
    if ("shared".equals(args[5])) {
      dynamo = Clients.localDynamo(URI.create(args[6]), args[7]);
      pool = new DynamoTokenPool(dynamo, args[8], keepa, clock);
    } else {
      pool = new LocalTokenPool();
    }
    KeepaClient client = new KeepaClient(keepa, key, HttpClient.newHttpClient(), Duration.ofSeconds(10), clock);
    KeepaProvider provider = new KeepaProvider(client, 1, KeepaProvider.RetryPolicy.DEFAULT,
        new KeepaProvider.TokenPolicy(maxWait, period), pool, Thread::sleep, clock);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread stopper = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() >= 0) {
          // the parent closes our stdin to stop us
        }
      } catch (IOException e) {
        // closed
      }
      running.set(false);
    });
    stopper.setDaemon(true);
    stopper.start();
    System.out.println("READY " + process);
    System.out.flush();
    long batches = 0;
    long deferrals = 0;
    long failures = 0;
    for (int b = 0; running.get(); b++) {
      List<Product> batch = batch(process, b);
      try {
        Deadline deadline = Deadline.in(Duration.ofSeconds(15));
        try (EnrichmentProvider.Reservation held = provider.reserve(batch, Map.of(), deadline)) {
          provider.enrich(batch, Map.of(), deadline);
        }
        batches++;
      } catch (DeferredEnrichmentException e) {
        deferrals++;
        b--; // the same batch comes back
        long until = System.nanoTime() + e.retryAfter().toNanos();
        while (running.get() && System.nanoTime() < until) {
          LockSupport.parkNanos(Math.min(until - System.nanoTime(), 20_000_000L));
        }
      } catch (TransientEnrichmentException e) {
        failures++;
      }
    }
    System.out.printf(Locale.ROOT, "SPENT %d %d %d %d %d%n", batches, deferrals, failures, provider.tokensConsumed(),
        provider.throttledCount());
    System.out.flush();
    if (dynamo != null) {
      dynamo.close();
    }
  }

  private static List<Product> batch(int process, int number) {
    List<Product> batch = new ArrayList<>(20);
    for (int i = 0; i < 20; i++) {
      batch.add(new Product("P" + process + "-" + number + "-" + i,
          String.format(Locale.ROOT, "B%d%08d", process % 10, number * 20 + i), null, null, null, null, null, null,
          2, Map.of()));
    }
    return batch;
  }

  /** The command that runs one spender: this JVM's java and class path. */
  public static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        TokenSpender.class.getName()));
    command.addAll(List.of(args));
    return command;
  }
}
