package dev.enrich.lambda.keepa;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * A Keepa API stand-in for tests: the subset of {@code /product} and {@code /token} our client parses,
 * Keepa's token bucket scaled in time, and faults scripted per request. Product content is derived
 * from a hash of the ASIN (or code), so tests can assert it through {@link #listing(String)}. Products
 * come as Keepa sends them today: images as an {@code images} array of objects (no {@code imagesCSV}),
 * a {@code productType} first (see {@link #productType}), and at most {@code code-limit} products per code.
 *
 * <p>Thread-safe: requests are answered on a cached pool (a slow answer never holds up the next one)
 * and all state sits behind one lock. Keepa's rules: https://keepa.com/#!api (tokens, product request).
 */
public final class KeepaStandIn implements AutoCloseable {
  /** Keepa time is minutes since 2011-01-01 UTC, i.e. unix minutes minus this offset. */
  public static final long KEEPA_MINUTES_OFFSET = 21_564_000L;
  public static final int MAX_VALUES_PER_REQUEST = 100;
  public static final Set<Integer> DOMAINS = Set.of(1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12);
  /** Index of the buy box price in {@code stats.current}; lower indices follow Keepa's csv types. */
  public static final int BUY_BOX = 18;
  /** Keepa's product types besides standard (0) and invalid (4, see {@link #unknownAsins}). */
  public static final int DOWNLOADABLE = 1;
  public static final int EBOOK = 2;
  public static final int HIDDEN_PRICE = 3;
  public static final int VARIATION_PARENT = 5;
  /** Children a variation parent lists. */
  public static final int CHILDREN = 4;
  /** Keepa's image path; {@code images[].l} and {@code .m} are file names under it. */
  public static final String IMAGE_BASE = "https://m.media-amazon.com/images/I/";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String[] BRANDS = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"};
  private static final String[] NOUNS = {"USB-C Cable", "Desk Lamp", "Chef Knife", "Water Bottle", "Keyboard", "Notebook"};
  private static final List<List<Category>> TREES = List.of(
      List.of(new Category(172282, "Electronics"), new Category(541966, "Computers")),
      List.of(new Category(1055398, "Home & Kitchen"), new Category(284507, "Kitchen & Dining")),
      List.of(new Category(283155, "Books"), new Category(5, "Computers & Technology")));

  /** One request as received, with the key left out: {@code query} is {@code domain=1&asin=A,B&stats=1}. */
  public record RecordedRequest(String path, String query) {}

  /** The bucket right after a request was answered, for utilisation measurements. */
  public record TokenSample(long timestamp, int tokensLeft) {}

  public record Category(long catId, String name) {}

  /**
   * What the stand-in answers for an ASIN; {@code images} are the large files' names ({@code images[].l}),
   * {@code current} is {@code stats.current}, -1 meaning none.
   */
  public record Listing(String asin, String title, String brand, String manufacturer, List<Category> categoryTree,
      List<String> images, String ean, String upc, List<Integer> current) {
    /** The image URLs a client builds from the large file names. */
    public List<String> imageUrls() {
      return images.stream().map(name -> IMAGE_BASE + name).toList();
    }

    public int amazonCents() {
      return current.get(0);
    }

    public int newCents() {
      return current.get(1);
    }

    public int usedCents() {
      return current.get(2);
    }

    public int salesRank() {
      return current.get(3);
    }

    public int buyBoxCents() {
      return current.get(BUY_BOX);
    }
  }

  private enum FaultKind { NONE, FAIL, THROTTLE, MALFORMED, SLOW }

  private record Fault(FaultKind kind, int status, Duration delay) {
    static final Fault NONE = new Fault(FaultKind.NONE, 0, Duration.ZERO);
  }

  private record Status(long timestamp, int tokensLeft, long refillIn, int refillRate, int tokensConsumed,
      boolean refused) {}

  private record Reply(int status, String contentType, String body) {}

  private final String key;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final TokenBucket bucket;
  // Everything below is guarded by lock.
  private int failLeft;
  private int failStatus;
  private int throttleLeft;
  private int malformedLeft;
  private int slowLeft;
  private Duration slowDelay = Duration.ZERO;
  private Set<String> unknownAsins = Set.of();
  private Set<String> unknownCodes = Set.of();
  private Map<String, Integer> matchesPerCode = Map.of();
  private Map<String, Integer> productTypes = Map.of();
  private int totalRequests;
  private int productRequests;
  private long tokensConsumed;
  private int tooManyRequestsServed;
  private int serverErrorsServed;
  private final List<TokenSample> samples = new ArrayList<>();
  private final List<RecordedRequest> requests = new ArrayList<>();

  private KeepaStandIn(Builder b) throws IOException {
    this.key = b.key;
    this.clock = b.clock;
    this.bucket = new TokenBucket(b.initialTokens, b.refillRate, b.refillPeriod.toMillis(),
        b.maxTokens != null ? b.maxTokens : 60 * b.refillRate, clock.millis());
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "keepa-stand-in-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 256);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Base URI, e.g. {@code http://127.0.0.1:41234}; requests go to {@code uri() + "/product?..."}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** The next {@code n} product requests get {@code status} (5xx) with an HTML body; nothing deducted. */
  public KeepaStandIn failNext(int n, int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("failNext: status " + status + " is not a 5xx; use 500, 502 or 503");
    }
    synchronized (lock) {
      failLeft = requireCount("failNext", n);
      failStatus = status;
    }
    return this;
  }

  /**
   * The next {@code n} product requests (after any failNext) get HTTP 429 with an empty bucket in
   * the body, as when another client of the same key has just spent the tokens; nothing deducted.
   * {@code throttleNext(0)} ends it, so {@code throttleNext(Integer.MAX_VALUE)} throttles until then.
   */
  public KeepaStandIn throttleNext(int n) {
    synchronized (lock) {
      throttleLeft = requireCount("throttleNext", n);
    }
    return this;
  }

  /**
   * The next {@code n} product requests (after any failNext and throttleNext) get HTTP 200 with the first half of the JSON they
   * would have got; nothing deducted. A request that fails validation still gets its 400.
   */
  public KeepaStandIn malformedNext(int n) {
    synchronized (lock) {
      malformedLeft = requireCount("malformedNext", n);
    }
    return this;
  }

  /** The next {@code n} product requests (after failNext and malformedNext) are answered after {@code delay}. */
  public KeepaStandIn slowNext(int n, Duration delay) {
    synchronized (lock) {
      slowLeft = requireCount("slowNext", n);
      slowDelay = delay;
    }
    return this;
  }

  /** These ASINs come back as INVALID products ({@code productType} 4); they still cost a token. */
  public KeepaStandIn unknownAsins(Set<String> asins) {
    synchronized (lock) {
      unknownAsins = Set.copyOf(asins);
    }
    return this;
  }

  /** These codes match no product, so they are absent from the answer and cost nothing. */
  public KeepaStandIn unknownCodes(Set<String> codes) {
    synchronized (lock) {
      unknownCodes = Set.copyOf(codes);
    }
    return this;
  }

  /** These codes match two products each. */
  public KeepaStandIn multiCodes(Set<String> codes) {
    return codeMatches(2, codes);
  }

  /**
   * These codes match {@code n} products each (others keep what they had; a code matches one unless
   * told). A request answers at most its {@code code-limit} of them per code and charges a token for each.
   */
  public KeepaStandIn codeMatches(int n, Set<String> codes) {
    if (n < 1) {
      throw new IllegalArgumentException("codeMatches: n is " + n + ", must be 1 or more (unknownCodes for none)");
    }
    synchronized (lock) {
      Map<String, Integer> matches = new LinkedHashMap<>(matchesPerCode);
      codes.forEach(code -> matches.put(code, n));
      matchesPerCode = Map.copyOf(matches);
    }
    return this;
  }

  /**
   * These ASINs come back with Keepa's {@code productType} {@code type}, shaped as Keepa sends such a
   * product: {@link #VARIATION_PARENT} with no prices and its {@link #children} in {@code variations}
   * and {@code variationCSV}; {@link #HIDDEN_PRICE} (MAP) with a title and no prices; {@link #EBOOK}
   * and {@link #DOWNLOADABLE} with every price -1. Each still costs a token.
   */
  public KeepaStandIn productType(int type, Set<String> asins) {
    if (!Set.of(DOWNLOADABLE, EBOOK, HIDDEN_PRICE, VARIATION_PARENT).contains(type)) {
      throw new IllegalArgumentException("productType: " + type + " is not 1, 2, 3 or 5 (unknownAsins gives 4)");
    }
    synchronized (lock) {
      Map<String, Integer> types = new LinkedHashMap<>(productTypes);
      asins.forEach(asin -> types.put(asin, type));
      productTypes = Map.copyOf(types);
    }
    return this;
  }

  /** The child ASINs a variation parent lists, a pure function of the parent's ASIN. */
  public static List<String> children(String parentAsin) {
    List<String> asins = new ArrayList<>();
    for (int i = 0; i < CHILDREN; i++) {
      asins.add("B0" + token(new Random(fnv64("child:" + parentAsin + "#" + i)), 8).toUpperCase(Locale.ROOT));
    }
    return asins;
  }

  /** All the ASINs a code matches, given the configured unknown and multi codes, before any {@code code-limit}. */
  public List<String> asinsForCode(String code) {
    synchronized (lock) {
      return asinsForCode(code, unknownCodes, matchesPerCode);
    }
  }

  /** The content served for {@code asin}, a pure function of the ASIN. */
  public static Listing listing(String asin) {
    Random r = new Random(fnv64(asin));
    String brand = BRANDS[r.nextInt(BRANDS.length)];
    String title = brand + " " + NOUNS[r.nextInt(NOUNS.length)] + " " + asin;
    List<Category> tree = TREES.get(r.nextInt(TREES.size()));
    List<String> images = List.of("41" + token(r, 8) + ".jpg", "51" + token(r, 8) + ".jpg");
    String upc = withCheckDigit(String.format("%011d", (r.nextLong() & Long.MAX_VALUE) % 100_000_000_000L));
    int newCents = 500 + r.nextInt(20_000);
    int amazonCents = r.nextInt(4) == 0 ? -1 : newCents - 100 + r.nextInt(300);
    int usedCents = r.nextInt(3) == 0 ? -1 : newCents * 7 / 10;
    int[] current = new int[BUY_BOX + 1];
    Arrays.fill(current, -1);
    current[0] = amazonCents;
    current[1] = newCents;
    current[2] = usedCents;
    current[3] = 1 + r.nextInt(500_000);
    current[4] = newCents * 6 / 5;
    current[10] = newCents + 50;
    current[11] = 1 + r.nextInt(30);
    current[12] = usedCents == -1 ? 0 : 1 + r.nextInt(10);
    current[16] = 10 + r.nextInt(41);
    current[17] = r.nextInt(20_000);
    current[BUY_BOX] = amazonCents == -1 ? newCents : Math.min(amazonCents, newCents);
    return new Listing(asin, title, brand, brand + " Industries", tree, images, "0" + upc, upc,
        Arrays.stream(current).boxed().toList());
  }

  public int totalRequests() {
    synchronized (lock) {
      return totalRequests;
    }
  }

  public int productRequests() {
    synchronized (lock) {
      return productRequests;
    }
  }

  public long tokensConsumed() {
    synchronized (lock) {
      return tokensConsumed;
    }
  }

  public int tooManyRequestsServed() {
    synchronized (lock) {
      return tooManyRequestsServed;
    }
  }

  /** 5xx answers served by failNext. */
  public int serverErrorsServed() {
    synchronized (lock) {
      return serverErrorsServed;
    }
  }

  /** Tokens in the bucket now, after any refill due. */
  public int tokensLeft() {
    synchronized (lock) {
      bucket.refill(clock.millis());
      return bucket.tokens;
    }
  }

  /** One sample per request answered, in the order they were answered. */
  public List<TokenSample> tokenSamples() {
    synchronized (lock) {
      return List.copyOf(samples);
    }
  }

  /** Every request received, in arrival order, with the key left out. */
  public List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** The query strings of the product requests received, in arrival order, with the key left out. */
  public List<String> productQueries() {
    return requests().stream().filter(r -> r.path().equals("/product")).map(RecordedRequest::query).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      send(exchange, answer(exchange));
    } catch (InterruptedException e) {
      // close() interrupts slow answers; the connection goes away with the server.
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      send(exchange, new Reply(500, "text/plain; charset=utf-8", "stand-in failure: " + e));
    } finally {
      exchange.close();
    }
  }

  private Reply answer(HttpExchange exchange) throws InterruptedException {
    URI uri = exchange.getRequestURI();
    String path = uri.getPath();
    Map<String, String> params = parameters(uri.getRawQuery());
    boolean productPath = path.equals("/product");
    Fault fault = Fault.NONE;
    synchronized (lock) {
      totalRequests++;
      requests.add(new RecordedRequest(path, params.entrySet().stream().filter(e -> !e.getKey().equals("key"))
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"))));
      if (productPath) {
        productRequests++;
        fault = nextFault();
      }
    }
    switch (fault.kind()) {
      case FAIL -> {
        observe(true);
        return new Reply(fault.status(), "text/html; charset=utf-8", "<html><head><title>" + fault.status()
            + " Server Error</title></head><body><h1>" + fault.status() + " Server Error</h1></body></html>");
      }
      case THROTTLE -> {
        return new Reply(429, "application/json", statusNode(throttled()).toString());
      }
      case SLOW -> Thread.sleep(fault.delay().toMillis());
      default -> { }
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      return error(405, observe(false), "methodNotAllowed", exchange.getRequestMethod() + " " + path + ": use GET");
    }
    if (!key.equals(params.get("key"))) {
      observe(false);
      return new Reply(401, "application/json", "{\"error\":{\"type\":\"invalidKey\"}}");
    }
    return switch (path) {
      case "/token" -> new Reply(200, "application/json", statusNode(observe(false)).toString());
      case "/product" -> product(params, fault.kind() == FaultKind.MALFORMED);
      default -> error(404, observe(false), "notFound", path + ": the stand-in serves /product and /token");
    };
  }

  private Reply product(Map<String, String> params, boolean malformed) {
    String domainParam = params.getOrDefault("domain", "");
    int domain = domainParam.matches("\\d{1,2}") ? Integer.parseInt(domainParam) : -1;
    if (!DOMAINS.contains(domain)) {
      return error(400, observe(false), "badRequest", "domain \"" + domainParam + "\" must be one of " + DOMAINS);
    }
    String asinParam = params.get("asin");
    String codeParam = params.get("code");
    if ((asinParam == null) == (codeParam == null)) {
      return error(400, observe(false), "badRequest", "give exactly one of asin or code");
    }
    String name = asinParam != null ? "asin" : "code";
    List<String> values = List.of((asinParam != null ? asinParam : codeParam).split(",", -1));
    if (values.size() > MAX_VALUES_PER_REQUEST) {
      return error(400, observe(false), "badRequest",
          name + ": " + values.size() + " values, at most " + MAX_VALUES_PER_REQUEST + " per request");
    }
    for (String value : values) {
      if (value.isEmpty() || (codeParam != null && !value.matches("\\d{12}|\\d{13}"))) {
        return error(400, observe(false), "badRequest",
            name + " \"" + value + "\" must be " + (codeParam != null ? "12 (UPC) or 13 (EAN) digits" : "an ASIN"));
      }
    }
    // Without code-limit Keepa returns every product a code matches.
    String limitParam = params.get("code-limit");
    if (limitParam != null && !limitParam.matches("[1-9]\\d{0,3}")) {
      return error(400, observe(false), "badRequest", "code-limit \"" + limitParam + "\" must be a positive number");
    }
    int codeLimit = limitParam == null ? Integer.MAX_VALUE : Integer.parseInt(limitParam);
    Set<String> unknownAsinsNow;
    Set<String> unknownCodesNow;
    Map<String, Integer> matchesNow;
    Map<String, Integer> typesNow;
    synchronized (lock) {
      unknownAsinsNow = unknownAsins;
      unknownCodesNow = unknownCodes;
      matchesNow = matchesPerCode;
      typesNow = productTypes;
    }
    boolean stats = params.containsKey("stats");
    long now = clock.millis();
    List<ObjectNode> products = new ArrayList<>();
    if (asinParam != null) {
      for (String asin : values) {
        products.add(unknownAsinsNow.contains(asin) ? invalidProduct(asin, domain)
            : typesNow.containsKey(asin) ? typedProduct(asin, domain, typesNow.get(asin), stats, now)
            : productNode(asin, domain, stats, now));
      }
    } else {
      for (String code : values) {
        List<String> matches = asinsForCode(code, unknownCodesNow, matchesNow);
        for (String asin : matches.subList(0, Math.min(codeLimit, matches.size()))) {
          products.add(withCode(productNode(asin, domain, stats, now), code));
        }
      }
    }
    int cost = asinParam != null ? values.size() : products.size();
    Status status = malformed ? observe(false) : charge(cost);
    if (status.refused()) {
      return new Reply(429, "application/json", statusNode(status).toString());
    }
    ObjectNode body = statusNode(status);
    body.putArray("products").addAll(products);
    String json = body.toString();
    return new Reply(200, "application/json", malformed ? json.substring(0, json.length() / 2) : json);
  }

  private static ObjectNode productNode(String asin, int domain, boolean stats, long now) {
    Listing l = listing(asin);
    ObjectNode p = JSON.objectNode().put("asin", asin).put("domainId", domain).put("productType", 0)
        .put("title", l.title()).put("brand", l.brand()).put("manufacturer", l.manufacturer());
    ArrayNode tree = p.putArray("categoryTree");
    l.categoryTree().forEach(c -> tree.addObject().put("catId", c.catId()).put("name", c.name()));
    ArrayNode images = p.putArray("images");
    l.images().forEach(name -> images.addObject().put("l", name).put("lH", 1500).put("lW", 1500)
        .put("m", "31" + name.substring(2)).put("mH", 500).put("mW", 500));
    p.putArray("eanList").add(l.ean());
    p.putArray("upcList").add(l.upc());
    p.put("lastUpdate", now / 60_000 - KEEPA_MINUTES_OFFSET);
    if (stats) {
      ArrayNode current = p.putObject("stats").putArray("current");
      l.current().forEach(current::add);
    }
    return p;
  }

  private static ObjectNode invalidProduct(String asin, int domain) {
    return JSON.objectNode().put("asin", asin).put("domainId", domain).put("productType", 4);
  }

  /** A product of one of Keepa's other types: what Keepa documents as accessible for it, and no more. */
  private static ObjectNode typedProduct(String asin, int domain, int type, boolean stats, long now) {
    Listing l = listing(asin);
    ObjectNode p = JSON.objectNode().put("asin", asin).put("domainId", domain).put("productType", type)
        .put("title", l.title()).put("brand", l.brand());
    p.put("lastUpdate", now / 60_000 - KEEPA_MINUTES_OFFSET);
    if (type == VARIATION_PARENT) {
      List<String> children = children(asin);
      p.put("variationCSV", String.join(",", children));
      ArrayNode variations = p.putArray("variations");
      for (int i = 0; i < children.size(); i++) {
        variations.addObject().put("asin", children.get(i)).putArray("attributes").addObject()
            .put("dimension", "Size").put("value", List.of("S", "M", "L", "XL").get(i % 4));
      }
    } else if ((type == EBOOK || type == DOWNLOADABLE) && stats) {
      ArrayNode current = p.putObject("stats").putArray("current");
      l.current().forEach(v -> current.add(-1));
    }
    return p;
  }

  /** A UPC is an EAN with a leading zero, so a UPC match lists both; an EAN match lists a UPC only if it has one. */
  private static ObjectNode withCode(ObjectNode product, String code) {
    if (code.length() == 12) {
      product.putArray("upcList").add(code);
      product.putArray("eanList").add("0" + code);
    } else {
      product.putArray("eanList").add(code);
      if (code.startsWith("0")) {
        product.putArray("upcList").add(code.substring(1));
      } else {
        product.remove("upcList");
      }
    }
    return product;
  }

  private static List<String> asinsForCode(String code, Set<String> unknown, Map<String, Integer> matches) {
    if (unknown.contains(code)) {
      return List.of();
    }
    List<String> asins = new ArrayList<>();
    for (int i = 0; i < matches.getOrDefault(code, 1); i++) {
      asins.add("B0" + token(new Random(fnv64("code:" + code + "#" + i)), 8).toUpperCase(Locale.ROOT));
    }
    return asins;
  }

  private Fault nextFault() {
    if (failLeft > 0) {
      failLeft--;
      return new Fault(FaultKind.FAIL, failStatus, Duration.ZERO);
    }
    if (throttleLeft > 0) {
      throttleLeft--;
      return new Fault(FaultKind.THROTTLE, 429, Duration.ZERO);
    }
    if (malformedLeft > 0) {
      malformedLeft--;
      return new Fault(FaultKind.MALFORMED, 0, Duration.ZERO);
    }
    if (slowLeft > 0) {
      slowLeft--;
      return new Fault(FaultKind.SLOW, 0, slowDelay);
    }
    return Fault.NONE;
  }

  /** Deducts {@code cost} if the bucket holds that many tokens, else refuses and deducts nothing. */
  private Status charge(int cost) {
    synchronized (lock) {
      long now = clock.millis();
      bucket.refill(now);
      boolean refused = bucket.tokens < cost;
      if (refused) {
        tooManyRequestsServed++;
      } else {
        bucket.tokens -= cost;
        tokensConsumed += cost;
      }
      samples.add(new TokenSample(now, bucket.tokens));
      return new Status(now, bucket.tokens, bucket.refillIn(now), bucket.rate, refused ? 0 : cost, refused);
    }
  }

  /** A 429 of {@link #throttleNext}: no tokens left until the next refill, whatever the bucket holds. */
  private Status throttled() {
    synchronized (lock) {
      tooManyRequestsServed++;
      long now = clock.millis();
      bucket.refill(now);
      samples.add(new TokenSample(now, 0));
      return new Status(now, 0, bucket.refillIn(now), bucket.rate, 0, true);
    }
  }

  /** The bucket's state for an answer that costs nothing. */
  private Status observe(boolean serverError) {
    synchronized (lock) {
      if (serverError) {
        serverErrorsServed++;
      }
      long now = clock.millis();
      bucket.refill(now);
      samples.add(new TokenSample(now, bucket.tokens));
      return new Status(now, bucket.tokens, bucket.refillIn(now), bucket.rate, 0, false);
    }
  }

  private static ObjectNode statusNode(Status s) {
    return JSON.objectNode().put("timestamp", s.timestamp()).put("tokensLeft", s.tokensLeft())
        .put("refillIn", s.refillIn()).put("refillRate", s.refillRate()).put("tokensConsumed", s.tokensConsumed())
        .put("processingTimeInMs", 1);
  }

  private static Reply error(int httpStatus, Status status, String type, String message) {
    ObjectNode body = statusNode(status);
    body.putObject("error").put("type", type).put("message", message);
    return new Reply(httpStatus, "application/json", body.toString());
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(UTF_8);
    String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    if (acceptEncoding != null && acceptEncoding.contains("gzip")) {
      // Keepa always answers gzip-compressed to clients that accept it.
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
        gzip.write(bytes);
      }
      bytes = buffer.toByteArray();
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> parameters(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
      params.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8));
    }
    return params;
  }

  private static int requireCount(String method, int n) {
    if (n < 0) {
      throw new IllegalArgumentException(method + ": n is " + n + ", must be 0 or more");
    }
    return n;
  }

  private static long fnv64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  private static String token(Random r, int length) {
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** GTIN check digit: weights 3,1,3,... from the right of the payload. */
  private static String withCheckDigit(String payload) {
    int sum = 0;
    for (int i = 0; i < payload.length(); i++) {
      int digit = payload.charAt(payload.length() - 1 - i) - '0';
      sum += i % 2 == 0 ? 3 * digit : digit;
    }
    return payload + (10 - sum % 10) % 10;
  }

  /** Keepa's bucket: {@code rate} tokens every {@code periodMs}, counted from start, up to {@code max}. */
  private static final class TokenBucket {
    final int rate;
    final long periodMs;
    final int max;
    int tokens;
    long lastRefill;

    TokenBucket(int initial, int rate, long periodMs, int max, long start) {
      this.tokens = initial;
      this.rate = rate;
      this.periodMs = periodMs;
      this.max = max;
      this.lastRefill = start;
    }

    void refill(long now) {
      long periods = (now - lastRefill) / periodMs;
      if (periods <= 0) {
        return;
      }
      lastRefill += periods * periodMs;
      if (tokens < max) {
        tokens = (int) Math.min(max, tokens + periods * rate);
      }
    }

    long refillIn(long now) {
      return lastRefill + periodMs - now;
    }
  }

  /** Defaults: key {@code test-key}, 100 tokens, 20 per minute, at most an hour's refills (Keepa's cap). */
  public static final class Builder {
    private String key = "test-key";
    private int initialTokens = 100;
    private int refillRate = 20;
    private Duration refillPeriod = Duration.ofSeconds(60);
    private Integer maxTokens;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder initialTokens(int initialTokens) {
      this.initialTokens = initialTokens;
      return this;
    }

    public Builder refillRate(int refillRate) {
      this.refillRate = refillRate;
      return this;
    }

    public Builder refillPeriod(Duration refillPeriod) {
      this.refillPeriod = refillPeriod;
      return this;
    }

    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** The bucket and timestamps follow this clock, so a test can step time instead of sleeping. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public KeepaStandIn start() {
      if (key == null || key.isBlank()) {
        throw new IllegalStateException("KeepaStandIn: key must not be blank; set one with key(\"test-key\")");
      }
      if (refillPeriod.toMillis() < 1) {
        throw new IllegalStateException("KeepaStandIn: refillPeriod " + refillPeriod + " must be at least 1 ms");
      }
      try {
        return new KeepaStandIn(this);
      } catch (IOException e) {
        throw new UncheckedIOException("KeepaStandIn: cannot listen on 127.0.0.1", e);
      }
    }
  }
}
