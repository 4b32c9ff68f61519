package dev.enrich.lambda.enrich.keepa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.contract.MarketData;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.enrich.DeferredEnrichmentException;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.ProviderUsage;
import dev.enrich.lambda.enrich.TransientEnrichmentException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Enriches products from Keepa, spending tokens carefully: a request that needs more tokens than
 * are left waits for the refill (checking with the free {@code /token} call) instead of collecting
 * 429s; a 429 waits {@code refillIn}; 5xx, timeouts and malformed answers are retried with capped
 * exponential backoff and full jitter. Nothing waits past the batch's {@link Deadline}: then the
 * batch fails as a whole and SQS delivers it again later. Products with an ASIN are looked up by
 * ASIN, the others by UPC/EAN/GTIN code, 100 per request.
 */
public final class KeepaProvider implements EnrichmentProvider {
  public static final String NAME = "keepa";
  /** Message option naming the Amazon locale; the consumer's default applies without it. */
  public static final String DOMAIN_OPTION = dev.enrich.contract.Marketplace.OPTION;
  /** Keepa's locales: 1 com, 2 co.uk, 3 de, 4 fr, 5 co.jp, 6 ca, 8 it, 9 es, 10 in, 11 com.mx, 12 com.br. */
  public static final Set<Integer> DOMAINS = Set.of(1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12);

  /** Sleeps; tests pass one that records instead. */
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** Bounded retries for failures that are not about tokens. */
  public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  /**
   * How long a batch may wait for its tokens before it is deferred rather than billed for waiting,
   * and Keepa's refill period (a minute: a plan's rate is tokens per minute; a test stand-in may
   * scale time down).
   */
  public record TokenPolicy(Duration maxWait, Duration refillPeriod) {
    public static final TokenPolicy DEFAULT = new TokenPolicy(Duration.ofSeconds(20), Duration.ofMinutes(1));
  }

  private final KeepaClient client;
  private final int defaultDomain;
  private final RetryPolicy retry;
  private final TokenPolicy tokenPolicy;
  /** The calling thread's reservation: its claim, and the tokens of it not yet used by a request. */
  private final ThreadLocal<Held> reserved = ThreadLocal.withInitial(Held::new);
  private final Sleeper sleeper;
  private final Clock clock;
  /** Keepa's latest status less the tokens claimed by requests not yet answered, here or in other consumers. */
  private final TokenPool pool;
  /** One thread of this process at a time checks and waits for tokens. */
  private final ReentrantLock tokenLock = new ReentrantLock(true);
  /** The status a stale-status refresh was last made for (guarded by tokenLock): one refresh per status. */
  private KeepaStatus refreshedAt;
  /** While a thread holding the token check sleeps for a refill: until when (System.nanoTime), else 0. */
  private volatile long sleepingUntil;
  /** How often a deferrable batch waiting for its turn looks whether the thread before it went to sleep. */
  private static final long LOCK_PATIENCE_MILLIS = 20;
  private final AtomicLong tokensConsumed = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  /** Tokens and 429s of the calling thread's current or last batch: {tokens, throttled}. */
  private final ThreadLocal<long[]> usage = ThreadLocal.withInitial(() -> new long[2]);

  public KeepaProvider(KeepaClient client, int defaultDomain, RetryPolicy retry, Sleeper sleeper, Clock clock) {
    this(client, defaultDomain, retry, TokenPolicy.DEFAULT, sleeper, clock);
  }

  public KeepaProvider(KeepaClient client, int defaultDomain, RetryPolicy retry, TokenPolicy tokenPolicy,
      Sleeper sleeper, Clock clock) {
    this(client, defaultDomain, retry, tokenPolicy, new LocalTokenPool(), sleeper, clock);
  }

  /** With the token pool the consumers share: {@link DynamoTokenPool} where each runs in its own process. */
  public KeepaProvider(KeepaClient client, int defaultDomain, RetryPolicy retry, TokenPolicy tokenPolicy,
      TokenPool pool, Sleeper sleeper, Clock clock) {
    this.client = client;
    this.pool = pool;
    this.defaultDomain = checkDomain(defaultDomain);
    this.retry = retry;
    this.tokenPolicy = tokenPolicy;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Tokens Keepa reported as consumed, and 429s received, since this provider was created. */
  public long tokensConsumed() {
    return tokensConsumed.get();
  }

  public long throttledCount() {
    return throttled.get();
  }

  @Override
  public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
    return enrich(products, options, Deadline.NONE);
  }

  @Override
  public ProviderUsage lastUsage() {
    long[] u = usage.get();
    return new ProviderUsage(u[0], u[1]);
  }

  /**
   * Holds the batch's tokens (one per ASIN and per code it looks up) before it starts: waits for
   * them at most {@link TokenPolicy#maxWait()}, and defers the batch when Keepa will not have them by
   * then, so no invocation is billed for sitting still.
   */
  @Override
  public Reservation reserve(List<Product> products, Map<String, String> options, Deadline deadline) {
    release();
    long needed = tokensFor(products);
    if (needed == 0) {
      return Reservation.NONE;
    }
    Held held = reserved.get();
    held.claim = awaitTokens(needed, deadline, tokenPolicy.maxWait().toMillis());
    held.tokens = needed;
    return this::release;
  }

  /** One token per distinct ASIN, and up to the code limit per code, per request: what Keepa charges at most. */
  @Override
  public long cost(List<Product> products, Map<String, String> options) {
    return tokensFor(products);
  }

  /** Gives back what the calling thread's reservation did not use. */
  private void release() {
    Held held = reserved.get();
    if (held.tokens > 0) {
      held.claim.release(held.tokens);
    }
    held.tokens = 0;
    held.claim = null;
  }

  /** A thread's reservation. */
  private static final class Held {
    TokenPool.Claim claim;
    long tokens;
  }

  /** The tokens {@link #enrich} will ask for: distinct ASINs and codes per request of up to 100. */
  private long tokensFor(List<Product> products) {
    List<Integer> byAsin = new ArrayList<>();
    List<Integer> byCode = new ArrayList<>();
    for (int i = 0; i < products.size(); i++) {
      if (products.get(i).asin() != null) {
        byAsin.add(i);
      } else if (code(products.get(i)) != null) {
        byCode.add(i);
      }
    }
    long tokens = 0;
    for (List<Integer> chunk : chunks(byAsin)) {
      tokens += chunk.stream().map(i -> products.get(i).asin().toUpperCase(Locale.ROOT)).distinct().count();
    }
    for (List<Integer> chunk : chunks(byCode)) {
      // A code may match several products, each a token: up to the code limit.
      tokens += chunk.stream().map(i -> code(products.get(i))).distinct().count() * client.codeLimit();
    }
    return tokens;
  }

  @Override
  public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options, Deadline deadline) {
    long[] u = usage.get();
    u[0] = 0;
    u[1] = 0;
    int domain;
    try {
      domain = domain(options);
    } catch (IllegalArgumentException e) {
      // The batch asks for something Keepa cannot do: every delivery would fail the same way.
      return products.stream().map(p -> EnrichmentResult.failed(p, NAME, e.getMessage())).toList();
    }
    EnrichmentResult[] results = new EnrichmentResult[products.size()];
    List<Integer> byAsin = new ArrayList<>();
    List<Integer> byCode = new ArrayList<>();
    for (int i = 0; i < products.size(); i++) {
      Product p = products.get(i);
      if (p.asin() != null) {
        byAsin.add(i);
      } else if (code(p) != null) {
        byCode.add(i);
      } else if (p.gtin() != null) {
        results[i] = EnrichmentResult.failed(p, NAME, "Keepa looks codes up as UPC-A or EAN-13; GTIN "
            + p.gtin() + " is neither (add the ASIN)");
      } else {
        results[i] = EnrichmentResult.failed(p, NAME, "no ASIN, UPC, EAN or GTIN to look up");
      }
    }
    for (List<Integer> chunk : chunks(byAsin)) {
      List<String> asins = chunk.stream().map(i -> products.get(i).asin().toUpperCase(Locale.ROOT)).distinct().toList();
      KeepaClient.Products answer = call(() -> client.byAsin(domain, asins), asins.size(), deadline);
      Map<String, JsonNode> found = new HashMap<>();
      answer.products().forEach(node -> found.putIfAbsent(node.path("asin").asText().toUpperCase(Locale.ROOT), node));
      for (int i : chunk) {
        Product p = products.get(i);
        results[i] = result(p, found.get(p.asin().toUpperCase(Locale.ROOT)), "ASIN " + p.asin());
      }
    }
    for (List<Integer> chunk : chunks(byCode)) {
      List<String> codes = chunk.stream().map(i -> code(products.get(i))).distinct().toList();
      // A code costs a token per product it returns, at most the client's code limit: expect one each,
      // and count what the answer's tokensConsumed says.
      KeepaClient.Products answer =
          call(() -> client.byCode(domain, codes), codes.size() * client.codeLimit(), deadline);
      for (int i : chunk) {
        Product p = products.get(i);
        results[i] = result(p, matching(answer.products(), code(p)), "code " + code(p));
      }
    }
    return List.of(results);
  }

  private EnrichmentResult result(Product p, JsonNode node, String what) {
    if (node == null) {
      return EnrichmentResult.failed(p, NAME, "Keepa does not know " + what);
    }
    MarketData data = KeepaProductParser.parse(node);
    return data == null
        ? EnrichmentResult.failed(p, NAME, KeepaProductParser.whyNot(node))
        : EnrichmentResult.enriched(p, NAME, data);
  }

  /** The first product whose UPC or EAN list holds the code, comparing without leading zeros (GTIN forms). */
  private static JsonNode matching(List<JsonNode> products, String code) {
    String wanted = stripZeros(code);
    for (JsonNode product : products) {
      for (String list : List.of("upcList", "eanList")) {
        for (JsonNode c : product.path(list)) {
          if (stripZeros(c.asText()).equals(wanted)) {
            return product;
          }
        }
      }
    }
    return null;
  }

  private static String stripZeros(String code) {
    String s = code.replaceFirst("^0+", "");
    return s.isEmpty() ? "0" : s;
  }

  /**
   * The code Keepa can look up: a UPC-A or EAN-13 as given, or a GTIN in one of those forms (a
   * GTIN-14 with a leading zero is its EAN-13). Null when there is none.
   */
  static String code(Product p) {
    if (p.upc() != null) {
      return p.upc();
    }
    if (p.ean() != null) {
      return p.ean();
    }
    String gtin = p.gtin();
    if (gtin == null) {
      return null;
    }
    if (gtin.length() == 14 && gtin.charAt(0) == '0') {
      gtin = gtin.substring(1);
    }
    return gtin.length() == 12 || gtin.length() == 13 ? gtin : null;
  }

  /**
   * One Keepa request with token waits and bounded retries, all inside the deadline. Its first
   * attempt uses the thread's reservation when that holds enough.
   */
  private KeepaClient.Products call(Supplier<KeepaClient.Products> request, int tokensNeeded, Deadline deadline) {
    for (int attempt = 1; ; attempt++) {
      Held held = reserved.get();
      TokenPool.Claim claim;
      if (attempt == 1 && held.tokens >= tokensNeeded) {
        held.tokens -= tokensNeeded; // claimed by reserve()
        claim = held.claim;
      } else {
        claim = awaitTokens(tokensNeeded, deadline, Long.MAX_VALUE);
      }
      try {
        KeepaClient.Products answer = request.get();
        // Recorded before the claim is released: Keepa's answer has spent the tokens the claim held.
        pool.observe(answer.status());
        tokensConsumed.addAndGet(answer.tokensConsumed());
        usage.get()[0] += answer.tokensConsumed();
        return answer;
      } catch (KeepaException e) {
        pool.observe(e.status());
        if (!e.isTransient()) {
          // The status first: a table column or a log line cut short still says why.
          throw new TransientEnrichmentException("Keepa refused the request (HTTP " + e.httpStatus() + "): "
              + e.getMessage(), e);
        }
        long wait;
        if (e.throttled()) {
          throttled.incrementAndGet();
          usage.get()[1]++;
          wait = e.status() == null ? retry.base().toMillis() : Math.max(1, e.status().refillInMillis()) + jitter(50);
        } else {
          if (attempt >= retry.maxAttempts()) {
            throw new TransientEnrichmentException("Keepa failed " + attempt + " times: " + e.getMessage(), e);
          }
          wait = backoff(attempt);
        }
        sleepWithin(wait, deadline, e.getMessage());
      } finally {
        claim.release(tokensNeeded);
      }
    }
  }

  /**
   * Waits until Keepa should have {@code needed} tokens beyond those claimed by requests not yet
   * answered, then claims them. One thread of a process at a time checks and waits, so concurrent
   * batches queue for the refill instead of racing for the same tokens; the pool's conditional
   * claims keep other processes from taking the same ones; the free {@code /token} call tells the
   * truth after each wait.
   */
  private TokenPool.Claim awaitTokens(long needed, Deadline deadline, long deferAfterMillis) {
    long waited = lockTokens(needed, deadline, deferAfterMillis);
    try {
      int failedChecks = 0;
      while (true) {
        TokenPool.Attempt attempt = pool.claim(needed);
        if (attempt.claim() != null) {
          return attempt.claim();
        }
        KeepaStatus now = attempt.status();
        if (now == null) {
          failedChecks = refresh(deadline, failedChecks);
          continue;
        }
        long available = attempt.available();
        long sinceObserved = Duration.between(now.observedAt(), clock.instant()).toMillis();
        if (sinceObserved > now.refillInMillis() && !now.equals(refreshedAt)) {
          // Keepa has refilled since it last said how many were left: ask again (free) before deciding.
          refreshedAt = now;
          failedChecks = refresh(deadline, failedChecks);
          continue;
        }
        long untilRefill = Math.max(0, now.refillInMillis() - sinceObserved);
        long pause = untilRefill;
        if (deferAfterMillis != Long.MAX_VALUE) {
          // In line behind the batches deferred or waiting before it, here or in other consumers: it
          // waits only when its turn comes within its longest wait, and is deferred to its turn otherwise.
          long turn = pool.deferBehind(needed, available, now.refillRate(), untilRefill,
              tokenPolicy.refillPeriod().toMillis());
          if (waited + turn > deferAfterMillis) {
            throw new DeferredEnrichmentException(String.format(Locale.ROOT,
                "Keepa tokens: %d needed, %d left for this batch, %d refilled per period: back in about %d s",
                needed, Math.max(0, available), now.refillRate(), (turn + 999) / 1000), Duration.ofMillis(turn));
          }
          pause = turn;
        }
        pause += jitter(20);
        sleepingUntil = System.nanoTime() + pause * 1_000_000;
        try {
          sleepWithin(pause, deadline, "waiting for Keepa tokens");
        } finally {
          sleepingUntil = 0;
        }
        waited += pause;
        failedChecks = refresh(deadline, failedChecks);
      }
    } finally {
      tokenLock.unlock();
    }
  }

  /**
   * One thread of a process at a time checks and waits for tokens. A batch that may be deferred
   * does not queue behind a thread asleep until a refill (it would be billed for the wait, then find
   * the tokens taken): it is deferred at once, behind that thread's tokens and the batches deferred
   * before it. Behind a thread that is only checking (a read and a write of the pool) it waits its
   * turn, up to its longest token wait. Returns how long it waited (ms).
   */
  private long lockTokens(long needed, Deadline deadline, long deferAfterMillis) {
    if (deferAfterMillis == Long.MAX_VALUE || !deadline.allows(deferAfterMillis)) {
      // Not deferrable before its deadline: it waits its turn, as every batch did before deferral.
      tokenLock.lock();
      return 0;
    }
    long started = System.nanoTime();
    long giveUpAt = started + deferAfterMillis * 1_000_000;
    try {
      while (true) {
        if (sleepingUntil - System.nanoTime() > 0) {
          // The thread holding the check sleeps until the refill: those tokens are its own.
          throw deferredBehind(needed, "another batch is waiting for the refill");
        }
        if (tokenLock.tryLock(LOCK_PATIENCE_MILLIS, TimeUnit.MILLISECONDS)) {
          return (System.nanoTime() - started) / 1_000_000; // counts toward its longest wait
        }
        if (System.nanoTime() - giveUpAt >= 0) {
          throw deferredBehind(needed, "no turn to check them within " + deferAfterMillis + " ms");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientEnrichmentException("interrupted while waiting for Keepa tokens", e);
    }
  }

  /** A deferral behind the batches deferred or waiting before it. */
  private DeferredEnrichmentException deferredBehind(long needed, String why) {
    KeepaStatus now = pool.status();
    long untilRefill = now == null ? 1_000
        : Math.max(0, now.refillInMillis() - Duration.between(now.observedAt(), clock.instant()).toMillis());
    long comeBack = now == null || now.refillRate() <= 0 ? untilRefill
        : pool.deferBehind(needed, 0, now.refillRate(), untilRefill, tokenPolicy.refillPeriod().toMillis());
    return new DeferredEnrichmentException("Keepa tokens: " + why, Duration.ofMillis(Math.max(1_000, comeBack)));
  }

  /** Asks Keepa for the token status; returns the count of failed checks in a row, bounded by the retry policy. */
  private int refresh(Deadline deadline, int failedBefore) {
    try {
      pool.observe(client.tokens());
      return 0;
    } catch (KeepaException e) {
      int failed = failedBefore + 1;
      if (!e.isTransient() || failed >= retry.maxAttempts()) {
        throw new TransientEnrichmentException("Keepa token check failed " + failed + " times: " + e.getMessage(), e);
      }
      sleepWithin(backoff(failed), deadline, e.getMessage());
      return failed;
    }
  }

  private void sleepWithin(long millis, Deadline deadline, String why) {
    if (!deadline.allows(millis)) {
      throw new TransientEnrichmentException("gave up within the time left (" + deadline.remainingMillis()
          + " ms, needed " + millis + " ms more): " + why);
    }
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientEnrichmentException("interrupted: " + why, e);
    }
  }

  /** Exponential backoff with full jitter: a random wait up to base x 2^(attempt-1), capped. */
  private long backoff(int attempt) {
    long ceiling = Math.min(retry.cap().toMillis(), retry.base().toMillis() << Math.min(attempt - 1, 20));
    return ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  private static long jitter(long max) {
    return ThreadLocalRandom.current().nextLong(max + 1);
  }

  private int domain(Map<String, String> options) {
    String value = options.get(DOMAIN_OPTION);
    if (value == null || value.isBlank()) {
      return defaultDomain;
    }
    try {
      return checkDomain(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(DOMAIN_OPTION + " \"" + value + "\" is not a Keepa domain number");
    }
  }

  private static int checkDomain(int domain) {
    if (!DOMAINS.contains(domain)) {
      throw new IllegalArgumentException("Keepa domain " + domain + " is not one of " + DOMAINS);
    }
    return domain;
  }

  private static List<List<Integer>> chunks(List<Integer> indexes) {
    List<List<Integer>> chunks = new ArrayList<>();
    for (int from = 0; from < indexes.size(); from += KeepaClient.MAX_PER_REQUEST) {
      chunks.add(indexes.subList(from, Math.min(indexes.size(), from + KeepaClient.MAX_PER_REQUEST)));
    }
    return chunks;
  }
}
