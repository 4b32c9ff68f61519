package dev.enrich.cli.keepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.lambda.enrich.keepa.DynamoTokenPool;
import dev.enrich.lambda.enrich.keepa.KeepaStatus;
import dev.enrich.lambda.enrich.keepa.TokenPool;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keepa's tokens shared by consumers that run as separate processes (docs/architecture.md section
 * 5): the pool item in the status table on the real local DynamoDB server (and on moto_server in
 * the moto run), then consumer processes against the Keepa stand-in.
 */
@Tag(StackFixture.AWS_API)
class SharedTokensIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  private static DynamoTokenPool pool(URI endpoint, Clock clock) {
    return new DynamoTokenPool(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName(), endpoint, clock);
  }

  private static KeepaStatus status(int left, long serverMillis) {
    return new KeepaStatus(left, 30_000, 20, Instant.now(), serverMillis);
  }

  @Test
  void claimsFromSeparatePools_neverTakeMoreThanKeepaLeft() throws Exception {
    URI endpoint = URI.create("http://claims.invalid/");
    List<DynamoTokenPool> pools = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pools.add(pool(endpoint, Clock.systemUTC()));
    }
    pools.get(0).observe(status(100, 1_000));
    AtomicLong claimed = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        TokenPool mine = pools.get(t % pools.size());
        running.add(threads.submit(() -> {
          TokenPool.Attempt attempt;
          while ((attempt = mine.claim(7)).claim() != null) {
            claimed.addAndGet(7);
          }
          assertNotNull(attempt.status());
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    // Fourteen claims of 7 fit in 100; eight consumers racing on four pools take exactly those.
    assertEquals(98, claimed.get());
    TokenPool.Attempt last = pools.get(3).claim(3);
    assertNull(last.claim());
    assertEquals(2, last.available());
  }

  @Test
  void releasedTokens_andTheTokensOfAConsumerThatDied_comeBack() {
    URI endpoint = URI.create("http://release.invalid/");
    MutableClock clock = new MutableClock(Instant.now());
    TokenPool first = pool(endpoint, clock);
    TokenPool second = pool(endpoint, clock);
    first.observe(status(100, 1_000));
    TokenPool.Claim held = first.claim(60).claim();
    assertNotNull(held);
    assertEquals(40, second.claim(50).available());
    held.release(20);
    assertEquals(60, second.claim(70).available());
    held.release(40);
    TokenPool.Claim all = second.claim(100).claim();
    assertNotNull(all, "released claims free their tokens");
    // The holder dies without releasing: after the claim's lifetime its tokens are free again.
    assertNull(first.claim(1).claim());
    clock.advance(DynamoTokenPool.CLAIM_LIFETIME.plusSeconds(1));
    assertNotNull(first.claim(100).claim(), "an abandoned claim expires");
    assertEquals(0, second.claim(1).available());
  }

  @Test
  void anOlderStatus_neverBringsBackTokensANewerOneSpent() {
    URI endpoint = URI.create("http://order.invalid/");
    TokenPool first = pool(endpoint, Clock.systemUTC());
    TokenPool second = pool(endpoint, Clock.systemUTC());
    first.observe(status(50, 2_000));
    second.observe(status(80, 1_000)); // answered earlier, arrived later
    assertEquals(50, second.status().tokensLeft());
    second.observe(status(30, 2_000)); // same moment on Keepa's clock: the lower count is the later
    assertEquals(30, first.status().tokensLeft());
    second.observe(status(200, 62_000)); // after a refill
    assertEquals(200, first.status().tokensLeft());
  }

  @Test
  void deferredBatches_queueBehindEachOther_acrossPools() {
    URI endpoint = URI.create("http://queue.invalid/");
    TokenPool first = pool(endpoint, Clock.systemUTC());
    TokenPool second = pool(endpoint, Clock.systemUTC());
    // 100 tokens a period, none left, refill in 0.5 s: the first batch of 100 comes back then, the
    // second one period later, the third two periods later, whichever process defers it.
    assertEquals(500, first.deferBehind(100, 0, 100, 500, 60_000));
    assertEquals(60_500, second.deferBehind(100, 0, 100, 500, 60_000));
    assertEquals(120_500, first.deferBehind(100, 0, 100, 500, 60_000));
  }

  @Test
  void consumerProcesses_sharingThePool_spendTheRefillsWithoutA429_andAloneTheyCollide() throws Exception {
    Run shared = run(true);
    assertEquals(0, shared.throttled, "429s with the shared pool: " + shared);
    assertEquals(shared.standInConsumed, shared.spent, "tokens the consumers counted vs Keepa's count: " + shared);
    assertTrue(shared.spent > 0, "no tokens spent: " + shared);
    // The control: each process counting alone, as before, collects 429s at every refill.
    Run alone = run(false);
    assertTrue(alone.throttled > 0, "each process alone never collided: " + alone);
  }

  private record Run(long spent, long standInConsumed, long throttled, long batches) {}

  /** Three consumer processes against one stand-in for about 4 s (8 refills of 100, demand far above). */
  private static Run run(boolean shared) throws Exception {
    try (KeepaStandIn keepa = KeepaStandIn.builder().key("it-key").initialTokens(0).refillRate(100)
        .refillPeriod(Duration.ofMillis(500)).maxTokens(6_000).start()) {
      List<Process> spenders = new ArrayList<>();
      try {
        for (int p = 0; p < 3; p++) {
          List<String> args = new ArrayList<>(List.of(keepa.uri().toString(), "it-key", Integer.toString(p), "500",
              "200"));
          if (shared) {
            args.addAll(List.of("shared", stack.fixture().stack.dynamoEndpoint().toString(), stack.fixture().stack.config().region(),
                stack.fixture().stack.config().tableName()));
          } else {
            args.add("local");
          }
          spenders.add(new ProcessBuilder(TokenSpender.command(args.toArray(String[]::new)))
              .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        List<BufferedReader> outs = new ArrayList<>();
        for (Process p : spenders) {
          BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          String ready = out.readLine();
          assertTrue(ready != null && ready.startsWith("READY"), "a spender did not start: " + ready);
          outs.add(out);
        }
        Thread.sleep(4_000);
        for (Process p : spenders) {
          p.getOutputStream().close();
        }
        long spent = 0;
        long throttled = 0;
        long batches = 0;
        for (int i = 0; i < spenders.size(); i++) {
          String line = outs.get(i).readLine();
          assertTrue(spenders.get(i).waitFor(30, TimeUnit.SECONDS), "a spender did not stop");
          assertTrue(line != null && line.startsWith("SPENT "), "a spender ended without its line: " + line);
          String[] f = line.split(" ");
          batches += Long.parseLong(f[1]);
          spent += Long.parseLong(f[4]);
          throttled += Long.parseLong(f[5]);
        }
        assertEquals(throttled, keepa.tooManyRequestsServed(), "429s the consumers saw vs the stand-in served");
        return new Run(spent, keepa.tokensConsumed(), throttled, batches);
      } finally {
        spenders.forEach(Process::destroyForcibly);
      }
    }
  }

  /** A clock a test moves by hand. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
