package dev.enrich.lambda.enrich.keepa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.lambda.secrets.RuntimeSecret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The two Keepa calls the consumer needs, over {@code java.net.http}: {@code GET /product} by up to
 * 100 ASINs or 100 codes (UPC/EAN), with {@code stats}, and {@code GET /token}, which costs nothing
 * and says how many tokens are left. Every answer's token state ({@code tokensLeft}, {@code refillIn},
 * {@code refillRate}, {@code timestamp}) and {@code tokensConsumed} is passed on as Keepa sent it.
 * One instance per container; thread-safe.
 *
 * @see <a href="https://keepa.com/#!discuss/t/request-products/110">Keepa product request</a>
 */
public final class KeepaClient {
  /** Keepa answers at most 100 ASINs or codes per product request. */
  public static final int MAX_PER_REQUEST = 100;
  /**
   * Products a code lookup returns per code unless configured: one code can match many listings
   * and each costs a token, while the seller wants the one that carries the code.
   */
  public static final int DEFAULT_CODE_LIMIT = 3;
  /** Days of statistics asked for; {@code stats.current} is what we read. */
  private static final int STATS_DAYS = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** HTTP statuses with which Keepa refuses a key: worth reading a rotated key once. */
  private static final Set<Integer> KEY_REFUSED = Set.of(401, 402, 403);

  private final URI base;
  private final RuntimeSecret key;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final int codeLimit;

  public KeepaClient(URI base, String key, HttpClient http, Duration timeout, Clock clock) {
    this(base, RuntimeSecret.fixed("Keepa API key", key), http, timeout, clock);
  }

  /** With a key read at run time: a refused key is read again, and the call retried once if it changed. */
  public KeepaClient(URI base, RuntimeSecret key, HttpClient http, Duration timeout, Clock clock) {
    this(base, key, http, timeout, clock, DEFAULT_CODE_LIMIT);
  }

  /** @param codeLimit at most this many products per code in a code lookup ({@code code-limit}), 1 or more */
  public KeepaClient(URI base, RuntimeSecret key, HttpClient http, Duration timeout, Clock clock, int codeLimit) {
    if (codeLimit < 1) {
      throw new IllegalArgumentException("the Keepa code limit must be 1 or more, not " + codeLimit);
    }
    this.base = base;
    this.key = key;
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
    this.codeLimit = codeLimit;
  }

  public int codeLimit() {
    return codeLimit;
  }

  /** The products and the token status after the call. */
  public record Products(List<JsonNode> products, int tokensConsumed, KeepaStatus status) {}

  public Products byAsin(int domain, List<String> asins) {
    return products(domain, "asin", asins);
  }

  /**
   * By UPC/EAN: one code can match several products (at most {@link #codeLimit()}, each a token), and
   * an unknown one matches none.
   */
  public Products byCode(int domain, List<String> codes) {
    return products(domain, "code", codes);
  }

  public KeepaStatus tokens() {
    JsonNode body = get("/token", "", "GET /token");
    return status(body);
  }

  private Products products(int domain, String parameter, List<String> values) {
    if (values.isEmpty() || values.size() > MAX_PER_REQUEST) {
      throw new IllegalArgumentException("a product request takes 1 to " + MAX_PER_REQUEST + " values, not " + values.size());
    }
    String query = "&domain=" + domain + "&" + parameter + "=" + encode(String.join(",", values))
        + "&stats=" + STATS_DAYS + (parameter.equals("code") ? "&code-limit=" + codeLimit : "");
    String what = String.format(Locale.ROOT, "GET /product (domain %d, %d %s)", domain, values.size(),
        parameter.equals("asin") ? "ASINs" : "codes");
    JsonNode body = get("/product", query, what);
    List<JsonNode> products = new ArrayList<>();
    body.path("products").forEach(products::add);
    return new Products(products, body.path("tokensConsumed").asInt(0), status(body));
  }

  /** {@code query} is what follows the key ({@code &name=value...}, or empty). */
  private JsonNode get(String path, String query, String what) {
    try {
      return get(path, query, what, key.value());
    } catch (KeepaException e) {
      if (!KEY_REFUSED.contains(e.httpStatus()) || !key.refresh()) {
        throw e;
      }
      return get(path, query, what, key.value()); // the key was rotated since it was read
    }
  }

  private JsonNode get(String path, String query, String what, String currentKey) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path + "?key=" + encode(currentKey) + query))
        .timeout(timeout)
        .header("Accept", "application/json")
        .GET()
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new KeepaException(what + ": no answer within " + timeout.toMillis() + " ms", 0, null, null);
    } catch (IOException e) {
      throw new KeepaException(what + ": " + e.getClass().getSimpleName() + " " + safe(e.getMessage()), 0, null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeepaException(what + ": interrupted", 0, null, null);
    }
    int code = response.statusCode();
    JsonNode body = parse(response.body());
    KeepaStatus status = body != null && body.has("tokensLeft") ? status(body) : null;
    if (code != 200) {
      String error = body == null ? "" : " " + safe(body.path("error").toString());
      throw new KeepaException(what + ": HTTP " + code + error, code, status, null);
    }
    if (body == null || !body.isObject()) {
      throw new KeepaException(what + ": the answer is not Keepa's JSON", 200, null, null);
    }
    return body;
  }

  private static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? null : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private KeepaStatus status(JsonNode body) {
    return new KeepaStatus(body.path("tokensLeft").asInt(0), body.path("refillIn").asLong(0),
        body.path("refillRate").asInt(0), clock.instant(), body.path("timestamp").asLong(0));
  }

  /** Whatever a failure says, the key is cut out of it. */
  private String safe(String message) {
    if (message == null) {
      return "";
    }
    String current = key.value();
    String m = current.isEmpty() ? message : message.replace(current, "***");
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%2C", ",");
  }
}
