package dev.enrich.cli.bench;

import dev.enrich.cli.keepa.TokenSpender;
import dev.enrich.lambda.enrich.keepa.KeepaClient;
import dev.enrich.lambda.keepa.KeepaStandIn;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Keepa token utilisation with the consumers as separate processes, as Lambda runs them: ten
 * {@link TokenSpender} processes, one batch of 20 at a time each, against the Keepa stand-in
 * refilling far below their demand (time scaled: a refill period of a second stands for Keepa's
 * minute, and the 20 s token wait is a third of it). Measured twice in the same run: with the token
 * pool in the status table (dynalite) and, as the baseline, with each process counting alone as the
 * consumer did before. Utilisation is the tokens spent over the tokens the stand-in granted (it
 * starts empty and never reaches its cap, so granted = spent + left at the moment of the reading,
 * taken just before a refill). Run by {@code scripts/bench keepa}.
 */
public final class KeepaProcessesBench {
  private KeepaProcessesBench() {}

  private record Run(long granted, long spent, int throttled, double periods, long batches, long deferrals) {
    double utilisation() {
      return granted == 0 ? 0 : (double) spent / granted;
    }

    double throttledPerPeriod() {
      return throttled / periods;
    }
  }

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int periods = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int processes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Path dir = Files.createTempDirectory("enrich-bench-keepa-");
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
    try (LocalStack stack = LocalStack.start(config, notice -> { })) {
      Run alone = run(stack, rate, periods, processes, false);
      Run shared = run(stack, rate, periods, processes, true);
      for (Run r : List.of(alone, shared)) {
        System.out.printf(Locale.ROOT, "%s\tgranted=%d\tspent=%d\tutilisation=%.3f\t429s=%d (%.2f per period)"
                + "\tbatches=%d\tdeferrals=%d%n", r == shared ? "shared pool" : "each alone", r.granted, r.spent,
            r.utilisation(), r.throttled, r.throttledPerPeriod(), r.batches, r.deferrals);
      }
      BenchRow.atLeast(String.format(Locale.ROOT,
              "Keepa token utilisation, %d consumer processes sharing the pool, %d refill periods", processes, periods),
          shared.spent + " tokens spent", "the stand-in's refills: tokens granted", shared.granted + " tokens",
          shared.utilisation(), 0.95).print();
      System.out.println(String.join("\t", "ROW", String.format(Locale.ROOT,
              "HTTP 429s per refill period, %d consumer processes sharing the pool", processes),
          String.format(Locale.ROOT, "%.2f (%d in %.0f periods)", shared.throttledPerPeriod(), shared.throttled,
              shared.periods),
          "each process counting alone, as before",
          String.format(Locale.ROOT, "%.2f (utilisation %.2f)", alone.throttledPerPeriod(), alone.utilisation()),
          alone.throttled == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) shared.throttled / alone.throttled),
          "<= 1 per period", shared.throttledPerPeriod() <= 1 ? "met" : "NOT MET"));
    }
  }

  private static Run run(LocalStack stack, int rate, int periods, int processes, boolean shared) throws Exception {
    Duration period = Duration.ofSeconds(1);
    try (KeepaStandIn keepa = KeepaStandIn.builder().key("bench-key").initialTokens(0).refillRate(rate)
        .refillPeriod(period).maxTokens(rate * 60).start()) {
      List<Process> spenders = new ArrayList<>();
      List<BufferedReader> outs = new ArrayList<>();
      try {
        long started = System.nanoTime();
        for (int p = 0; p < processes; p++) {
          List<String> args = new ArrayList<>(List.of(keepa.uri().toString(), "bench-key", Integer.toString(p),
              Long.toString(period.toMillis()), Long.toString(period.toMillis() / 3)));
          if (shared) {
            args.addAll(List.of("shared", stack.dynamoEndpoint().toString(), stack.config().region(),
                stack.config().tableName()));
          } else {
            args.add("local");
          }
          Process process = new ProcessBuilder(TokenSpender.command(args.toArray(String[]::new)))
              .redirectError(ProcessBuilder.Redirect.INHERIT).start();
          spenders.add(process);
          outs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader out : outs) {
          String ready = out.readLine();
          if (ready == null || !ready.startsWith("READY")) {
            throw new IllegalStateException("a consumer process did not start: " + ready);
          }
        }
        Thread.sleep(period.toMillis() * periods);
        // Read just before the next refill, so every token granted so far had its chance to be spent.
        KeepaClient client = new KeepaClient(keepa.uri(), "bench-key", HttpClient.newHttpClient(),
            Duration.ofSeconds(10), Clock.systemUTC());
        Thread.sleep(Math.max(0, client.tokens().refillInMillis() - 40));
        long spent = keepa.tokensConsumed();
        long left = Math.max(0, keepa.tokensLeft());
        int throttled = keepa.tooManyRequestsServed();
        double elapsedPeriods = (System.nanoTime() - started) / 1e6 / period.toMillis();
        for (Process p : spenders) {
          p.getOutputStream().close();
        }
        long batches = 0;
        long deferrals = 0;
        for (int i = 0; i < spenders.size(); i++) {
          String line = outs.get(i).readLine();
          spenders.get(i).waitFor(30, TimeUnit.SECONDS);
          if (line != null && line.startsWith("SPENT ")) {
            String[] f = line.split(" ");
            batches += Long.parseLong(f[1]);
            deferrals += Long.parseLong(f[2]);
          }
        }
        return new Run(spent + left, spent, throttled, elapsedPeriods, batches, deferrals);
      } finally {
        spenders.forEach(Process::destroyForcibly);
      }
    }
  }
}
