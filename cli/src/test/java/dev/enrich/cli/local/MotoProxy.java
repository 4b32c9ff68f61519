package dev.enrich.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP proxy on a free loopback port in front of moto_server, for where moto 5.2 differs from
 * AWS in ways the tests cannot otherwise get round (docs/testing.md, "moto differences"):
 * <ul>
 *   <li>moto applies a request as read, check, then write without a lock, so concurrent requests
 *       can interleave: two first writes to a new DynamoDB item lose one of them (about once in a
 *       few hundred), two concurrent ReceiveMessage calls can hand out one message twice, or move
 *       one that the other has just received to the DLQ. AWS applies each request atomically
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/BestPractices_ImplementingVersionControl.html).
 *       The proxy hands moto one request at a time; the clients still send concurrently. A long
 *       poll ({@code WaitTimeSeconds} > 0) would hold the others up, so it is made of short polls
 *       with the lock released between them, and answers as soon as a message is there, as SQS does.
 *   <li>moto has no SQS message move tasks and answers {@code ListMessageMoveTasks} with HTTP 500.
 *       The proxy answers it with the truth for a server that cannot run one: no task.
 * </ul>
 */
final class MotoProxy implements AutoCloseable {
  /** Headers of one hop, set by the HTTP stacks on each side, never forwarded. */
  private static final Set<String> HOP_HEADERS = Set.of(
      "connection", "content-length", "expect", "host", "upgrade", "keep-alive", "transfer-encoding", "date");
  private static final String TARGET = "X-Amz-Target";
  /** https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListMessageMoveTasks.html */
  private static final Map<String, String> SQS_ANSWERS = Map.of("AmazonSQS.ListMessageMoveTasks", "{\"Results\":[]}");
  private static final String RECEIVE = "AmazonSQS.ReceiveMessage";
  private static final long SHORT_POLL_PAUSE_MILLIS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads;

  private MotoProxy(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** For DynamoDB. */
  static MotoProxy dynamo(String host, URI target) throws IOException {
    return start(host, target, Map.of());
  }

  /** For SQS: answers {@code ListMessageMoveTasks} itself. */
  static MotoProxy sqs(String host, URI target) throws IOException {
    return start(host, target, SQS_ANSWERS);
  }

  private static MotoProxy start(String host, URI target, Map<String, String> answers) throws IOException {
    Lock oneAtATime = new ReentrantLock(true);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 64);
    ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "moto-proxy");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (exchange) {
        String action = String.valueOf(exchange.getRequestHeaders().getFirst(TARGET));
        String answer = answers.get(action);
        if (answer != null) {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
          respond(exchange, 200, answer.getBytes(StandardCharsets.UTF_8));
        } else {
          forward(exchange, client, target, oneAtATime, RECEIVE.equals(action));
        }
      }
    });
    server.start();
    return new MotoProxy(server, threads);
  }

  URI endpoint() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  private static void forward(HttpExchange exchange, HttpClient client, URI target, Lock oneAtATime,
      boolean receive) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    long waitMillis = 0;
    if (receive) {
      // Absent, the queue's ReceiveMessageWaitTimeSeconds applies: 0 on the queues the tests create.
      ObjectNode request = (ObjectNode) JSON.readTree(body);
      waitMillis = request.path("WaitTimeSeconds").asLong(0) * 1000;
      request.put("WaitTimeSeconds", 0);
      body = JSON.writeValueAsBytes(request);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    long deadline = System.nanoTime() + waitMillis * 1_000_000;
    HttpResponse<byte[]> response;
    try {
      while (true) {
        oneAtATime.lock();
        try {
          response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } finally {
          oneAtATime.unlock();
        }
        if (!receive || response.statusCode() != 200 || System.nanoTime() > deadline
            || JSON.readTree(response.body()).path("Messages").size() > 0) {
          break;
        }
        Thread.sleep(SHORT_POLL_PAUSE_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, new byte[0]);
      return;
    } catch (IOException e) {
      // What a client sees of a server gone away: a 502, which it may retry.
      respond(exchange, 502, new byte[0]);
      return;
    }
    response.headers().map().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, List.copyOf(values));
      }
    });
    respond(exchange, response.statusCode(), response.body());
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
