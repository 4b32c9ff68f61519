package dev.enrich.lambda.enrich;

import dev.enrich.lambda.enrich.keepa.KeepaClient;
import dev.enrich.lambda.enrich.keepa.KeepaProvider;
import dev.enrich.lambda.enrich.keepa.LocalTokenPool;
import dev.enrich.lambda.enrich.keepa.TokenPool;
import dev.enrich.lambda.secrets.RuntimeSecret;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** The providers this build knows, by the name used in configuration. */
public final class Providers {
  /** Names accepted by {@link #create}. */
  public static final List<String> NAMES = List.of(KeepaProvider.NAME, MockProvider.NAME);
  /** The Keepa API key itself (the local stack and tests); on Lambda, {@link #ENV_KEEPA_KEY_SECRET}. */
  public static final String ENV_KEEPA_KEY = "KEEPA_API_KEY";
  /** The Secrets Manager secret (name or ARN) that holds the Keepa API key, read at run time. */
  public static final String ENV_KEEPA_KEY_SECRET = "KEEPA_API_KEY_SECRET";
  public static final String ENV_KEEPA_DOMAIN = "ENRICH_KEEPA_DOMAIN";
  public static final String ENV_KEEPA_ENDPOINT = "ENRICH_KEEPA_ENDPOINT";
  /** Longest wait for Keepa tokens before a batch is deferred (seconds, default 20). */
  public static final String ENV_KEEPA_MAX_TOKEN_WAIT = "ENRICH_KEEPA_MAX_TOKEN_WAIT_SECONDS";
  /** Keepa's refill period in milliseconds: a minute; only a test stand-in that scales time sets it. */
  public static final String ENV_KEEPA_REFILL_PERIOD = "ENRICH_KEEPA_REFILL_PERIOD_MS";
  /** Most products one UPC/EAN lookup may return (and cost); {@link KeepaClient#DEFAULT_CODE_LIMIT} without it. */
  public static final String ENV_KEEPA_CODE_LIMIT = "ENRICH_KEEPA_CODE_LIMIT";
  /** A provider to answer from when the configured one is unavailable; unset means none. */
  public static final String ENV_FALLBACK = "ENRICH_PROVIDER_FALLBACK";
  public static final String KEEPA_ENDPOINT = "https://api.keepa.com/";

  private Providers() {}

  public static EnrichmentProvider create(String name, Clock clock) {
    return create(name, Map.of(), clock);
  }

  /**
   * The provider {@code name}, configured from {@code env}, with the fallback {@code env} names if
   * it names one; a missing Keepa key is a start-up error.
   */
  public static EnrichmentProvider create(String name, Map<String, String> env, Clock clock) {
    return create(name, env, clock, endpoint -> new LocalTokenPool());
  }

  /** As {@link #create(String, Map, Clock)}, with Keepa's tokens counted in the pool {@code pools} gives. */
  public static EnrichmentProvider create(String name, Map<String, String> env, Clock clock,
      Function<URI, TokenPool> pools) {
    return create(name, env, clock, () -> {
      String key = env.get(ENV_KEEPA_KEY);
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("the keepa provider needs " + ENV_KEEPA_KEY);
      }
      return RuntimeSecret.fixed("Keepa API key", key.trim());
    }, pools);
  }

  /**
   * As {@link #create(String, Map, Clock)}, with the Keepa key from {@code keepaKey}, asked for only
   * when a Keepa provider is configured.
   */
  public static EnrichmentProvider create(String name, Map<String, String> env, Clock clock,
      Supplier<RuntimeSecret> keepaKey) {
    return create(name, env, clock, keepaKey, endpoint -> new LocalTokenPool());
  }

  /**
   * As {@link #create(String, Map, Clock, Supplier)}, with Keepa's tokens counted in the pool
   * {@code pools} gives for the Keepa endpoint: the consumers of a stack share one
   * ({@link DynamoTokenPool}), as each Lambda invocation runs in its own process.
   */
  public static EnrichmentProvider create(String name, Map<String, String> env, Clock clock,
      Supplier<RuntimeSecret> keepaKey, Function<URI, TokenPool> pools) {
    EnrichmentProvider primary = single(name, env, clock, keepaKey, pools);
    String fallback = env.get(ENV_FALLBACK);
    if (fallback == null || fallback.isBlank()) {
      return primary;
    }
    EnrichmentProvider second = single(fallback, env, clock, keepaKey, pools);
    if (second.name().equals(primary.name())) {
      throw new IllegalArgumentException(ENV_FALLBACK + " names the provider itself (" + fallback + ")");
    }
    return new FallbackProvider(primary, second);
  }

  private static EnrichmentProvider single(String name, Map<String, String> env, Clock clock,
      Supplier<RuntimeSecret> keepaKey, Function<URI, TokenPool> pools) {
    String normalised = name.trim().toLowerCase(Locale.ROOT);
    if (MockProvider.NAME.equals(normalised)) {
      return new MockProvider(clock);
    }
    if (KeepaProvider.NAME.equals(normalised)) {
      RuntimeSecret key = keepaKey.get();
      String domain = env.getOrDefault(ENV_KEEPA_DOMAIN, "1");
      URI endpoint = URI.create(env.getOrDefault(ENV_KEEPA_ENDPOINT, KEEPA_ENDPOINT));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      KeepaClient client = new KeepaClient(endpoint, key, http, Duration.ofSeconds(30), clock, codeLimit(env));
      try {
        return new KeepaProvider(client, Integer.parseInt(domain.trim()), KeepaProvider.RetryPolicy.DEFAULT,
            tokenPolicy(env), pools.apply(endpoint), Thread::sleep, clock);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(ENV_KEEPA_DOMAIN + " \"" + domain + "\" is not a Keepa domain number");
      }
    }
    throw new IllegalArgumentException(
        "unknown enrichment provider \"" + name + "\" (this build has: " + String.join(", ", NAMES) + ")");
  }

  /** How long a batch may wait for tokens before it is deferred, from the environment. */
  static KeepaProvider.TokenPolicy tokenPolicy(Map<String, String> env) {
    KeepaProvider.TokenPolicy defaults = KeepaProvider.TokenPolicy.DEFAULT;
    long waitSeconds = number(env, ENV_KEEPA_MAX_TOKEN_WAIT, defaults.maxWait().toSeconds(), 0, 600);
    long periodMillis = number(env, ENV_KEEPA_REFILL_PERIOD, defaults.refillPeriod().toMillis(), 1, 3_600_000);
    return new KeepaProvider.TokenPolicy(Duration.ofSeconds(waitSeconds), Duration.ofMillis(periodMillis));
  }

  private static long number(Map<String, String> env, String name, long otherwise, long min, long max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " \"" + value + "\" is not a whole number from " + min + " to " + max);
  }

  private static int codeLimit(Map<String, String> env) {
    String value = env.get(ENV_KEEPA_CODE_LIMIT);
    if (value == null || value.isBlank()) {
      return KeepaClient.DEFAULT_CODE_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // said below, with the setting's name
    }
    throw new IllegalArgumentException(ENV_KEEPA_CODE_LIMIT + " \"" + value + "\" must be a whole number of 1 or more");
  }
}
