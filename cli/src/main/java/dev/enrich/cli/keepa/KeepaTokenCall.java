package dev.enrich.cli.keepa;

import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.enrich.keepa.KeepaClient;
import dev.enrich.lambda.enrich.keepa.KeepaStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keepa's free {@code GET /token} call with the key and endpoint the consumer would use
 * ({@code KEEPA_API_KEY}, {@code ENRICH_KEEPA_ENDPOINT}), for the commands that read the plan's
 * rate and tokens left: {@code doctor}, {@code submit --dry-run} and {@code status}.
 */
public final class KeepaTokenCall {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private KeepaTokenCall() {}

  /** The call, or null when no key is configured. */
  public static Supplier<KeepaStatus> fromEnvironment(Map<String, String> env) {
    String key = env.get(Providers.ENV_KEEPA_KEY);
    if (key == null || key.isBlank()) {
      return null;
    }
    URI endpoint = URI.create(env.getOrDefault(Providers.ENV_KEEPA_ENDPOINT, Providers.KEEPA_ENDPOINT));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return new KeepaClient(endpoint, key.trim(), http, TIMEOUT, Clock.systemUTC())::tokens;
  }
}
