package dev.enrich.examples.endpoint;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.enrich.client.CatalogSource;
import dev.enrich.client.ConflictException;
import dev.enrich.client.EnrichClient;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.NotFoundException;
import dev.enrich.client.RemoteServiceException;
import dev.enrich.client.catalog.CatalogFormat;
import dev.enrich.client.submit.SubmitProgress;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.SubmitResult;
import dev.enrich.contract.OutputJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's backend endpoint on the JDK's HTTP server, with enrich as a library:
 *
 * <ul>
 *   <li>{@code POST /{catalog_id}/enrich}: the body is the catalog, a JSON array of products
 *       ({@code application/json}) or a CSV ({@code text/csv}; any other type is sniffed). It is checked, batched
 *       and queued; the answer is {@code 202} with the tracking id and counts.
 *   <li>{@code GET /{catalog_id}/status}: {@code 200} with the JSON of {@code enrich status --output json}
 *       (docs/schemas/status.schema.json).
 * </ul>
 *
 * <p>Failures answer {@code {"error": "..."}}, one line: 400 for bad input (nothing was queued), 409 for a
 * catalog id already taken by other content (nothing was queued), 404 for an
 * unknown catalog or path, 405 for a wrong method, 503 when SQS or DynamoDB fails (posting again resumes), 500
 * otherwise, never with a stack trace.
 */
public final class EndpointServer implements AutoCloseable {
  /** The header {@link #userHeader()} reads the user id from. */
  public static final String USER_HEADER = "X-User-Id";

  private static final Pattern ROUTE = Pattern.compile("/([^/]+)/(enrich|status)");
  private static final Pattern CATALOG_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /** The answer to a catalog accepted for enrichment: the seed's four fields, and the invalid rows left out. */
  public record Accepted(String message, String trackingId, int totalProducts, int totalBatches,
      int invalidProducts) {}

  /** The answer to a request that failed. */
  public record Failure(String error) {}

  private final EnrichClient client;
  private final Function<Headers, String> userIds;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  /**
   * A server on {@code port} (0: a free one), not yet started, that submits through {@code client} as the user
   * {@code userIds} names for a request's headers (for instance {@link #userHeader()}).
   */
  public EndpointServer(EnrichClient client, int port, Function<Headers, String> userIds) throws IOException {
    this.client = client;
    this.userIds = userIds;
    this.server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  /** The user id of the {@value #USER_HEADER} header, or {@code anonymous} without one. */
  public static Function<Headers, String> userHeader() {
    return headers -> {
      String user = headers.getFirst(USER_HEADER);
      return user == null || user.isBlank() ? "anonymous" : user.strip();
    };
  }

  /** Starts answering requests. */
  public EndpointServer start() {
    server.start();
    return this;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops answering; requests in progress are cut short. The client stays open. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Serves the client {@code EnrichClient.fromEnvironment()} builds (ENRICH_* variables) on {@code PORT}. */
  public static void main(String[] args) throws IOException {
    String port = System.getenv().getOrDefault("PORT", "8080");
    EnrichClient client = EnrichClient.fromEnvironment();
    EndpointServer server = new EndpointServer(client, Integer.parseInt(port), userHeader()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      client.close();
    }));
    System.out.println("enrich endpoint listening on port " + server.port());
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        route(exchange);
      } catch (ConflictException e) {
        answer(exchange, 409, new Failure(oneLine(e.getMessage())));
      } catch (InvalidInputException e) {
        answer(exchange, 400, new Failure(oneLine(e.getMessage())));
      } catch (NotFoundException e) {
        answer(exchange, 404, new Failure(oneLine(e.getMessage())));
      } catch (RemoteServiceException e) {
        answer(exchange, 503, new Failure(oneLine(e.getMessage())));
      } catch (RuntimeException e) {
        System.err.println("enrich endpoint: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
            + " failed: " + e);
        answer(exchange, 500, new Failure("internal error; the server's log has the details"));
      }
    } catch (IOException e) {
      // The client went away while the answer was being written: nothing left to tell it.
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    Matcher route = ROUTE.matcher(exchange.getRequestURI().getRawPath());
    if (!route.matches()) {
      answer(exchange, 404, new Failure("no such path: use POST /{catalog_id}/enrich or GET /{catalog_id}/status"));
      return;
    }
    String catalogId = route.group(1);
    boolean enrich = route.group(2).equals("enrich");
    String method = enrich ? "POST" : "GET";
    if (!exchange.getRequestMethod().equals(method)) {
      exchange.getResponseHeaders().set("Allow", method);
      answer(exchange, 405, new Failure(exchange.getRequestMethod() + " is not allowed here; use " + method));
      return;
    }
    if (!CATALOG_ID.matcher(catalogId).matches()) {
      throw new InvalidInputException("invalid catalog id: use 1 to 128 letters, digits, '-', '_' or '.'");
    }
    if (enrich) {
      answer(exchange, 202, submit(exchange, catalogId));
    } else {
      answer(exchange, 200, client.status(catalogId));
    }
  }

  private Accepted submit(HttpExchange exchange, String catalogId) throws IOException {
    SubmitRequest request = SubmitRequest.defaults(userIds.apply(exchange.getRequestHeaders()))
        .withCatalogId(catalogId);
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    try (InputStream body = exchange.getRequestBody()) {
      CatalogSource source = switch (mediaType) {
        case "application/json" -> CatalogSource.stream(body, catalogId + ".json").format(CatalogFormat.JSON);
        case "text/csv" -> CatalogSource.stream(body, catalogId + ".csv").format(CatalogFormat.CSV);
        default -> CatalogSource.stream(body, catalogId);
      };
      SubmitResult sent = client.submit(request, source, rejection -> { }, SubmitProgress.NONE);
      return new Accepted("catalog accepted for enrichment", sent.catalogId(), sent.products(), sent.batches(),
          sent.invalid());
    }
  }

  private static void answer(HttpExchange exchange, int status, Object record) throws IOException {
    byte[] json = OutputJson.write(record).getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, json.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(json);
    }
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
