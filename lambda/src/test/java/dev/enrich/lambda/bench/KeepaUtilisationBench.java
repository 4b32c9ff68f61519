package dev.enrich.lambda.bench;

import dev.enrich.lambda.contract.Product;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.enrich.keepa.KeepaClient;
import dev.enrich.lambda.enrich.keepa.KeepaProvider;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keepa token utilisation: concurrent batches against the stand-in with a backlog larger than the
 * token budget, for a number of refill periods. Utilisation is the tokens consumed over the tokens
 * the bucket granted in that time (the refills; it starts empty); the baseline is the stand-in's own
 * grant, measured in the same run. Also counts 429s per refill period. Time is scaled: a refill
 * period of a second stands for Keepa's minute. Run by {@code scripts/bench}.
 */
public final class KeepaUtilisationBench {
  private KeepaUtilisationBench() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int periods = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Duration period = Duration.ofSeconds(1);
    try (KeepaStandIn keepa = KeepaStandIn.builder().key("bench-key").initialTokens(0).refillRate(rate)
        .refillPeriod(period).maxTokens(rate * 60).start()) {
      KeepaClient client = new KeepaClient(keepa.uri(), "bench-key", HttpClient.newHttpClient(), Duration.ofSeconds(10),
          Clock.systemUTC());
      KeepaProvider provider = new KeepaProvider(client, 1, KeepaProvider.RetryPolicy.DEFAULT, Thread::sleep,
          Clock.systemUTC());
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger batches = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      long start = System.nanoTime();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        pool.submit(() -> {
          for (int b = 0; running.get(); b++) {
            List<Product> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              batch.add(new Product("S" + worker + "-" + b + "-" + i, String.format("B%d%08d", worker, b * 20 + i),
                  null, null, null, null, null, null, 2, Map.of()));
            }
            try {
              provider.enrich(batch, Map.of(), Deadline.in(Duration.ofSeconds(15)));
              batches.incrementAndGet();
            } catch (RuntimeException e) {
              // a batch that gave up goes back to the queue in production; here it is simply retried
            }
          }
        });
      }
      Thread.sleep(period.toMillis() * periods);
      // Stop just before the next refill, so every token granted so far had its chance to be spent.
      Thread.sleep(Math.max(0, client.tokens().refillInMillis() - 50));
      running.set(false);
      // The bucket started empty and never reached its cap: granted = spent + still left.
      long consumed = keepa.tokensConsumed();
      long left = Math.max(0, keepa.tokensLeft());
      long granted = consumed + left;
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      double refills = (double) elapsedMs / period.toMillis();
      System.out.printf(Locale.ROOT,
          "keepa\trate=%d per period\tperiods=%.1f\tworkers=%d\tgranted=%d\tconsumed=%d\tutilisation=%.3f"
              + "\t429s=%d\t429s_per_period=%.2f\tbatches=%d%n",
          rate, refills, workers, granted, consumed, granted == 0 ? 0 : (double) consumed / granted,
          keepa.tooManyRequestsServed(), keepa.tooManyRequestsServed() / refills, batches.get());
      // A row of scripts/bench's table (the cli module's BenchRow format: ROW, figure, value, baseline, its value,
      // ratio, goal, verdict).
      double utilisation = granted == 0 ? 0 : (double) consumed / granted;
      System.out.printf(Locale.ROOT, "ROW\tKeepa token utilisation, %d concurrent batches, %d periods (%d 429s)\t"
              + "%d tokens spent\tthe stand-in's refill: tokens granted\t%d tokens\t%.2f\t>= 0.95\t%s%n",
          workers, periods, keepa.tooManyRequestsServed(), consumed, granted, utilisation,
          utilisation >= 0.95 ? "met" : "NOT MET");
    }
  }
}
