package dev.enrich.examples.endpoint;

import static dev.enrich.cli.Samples.sample;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.enrich.cli.Await;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.Samples;
import dev.enrich.cli.chaos.CatalogOutcome;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.client.EnrichClient;
import dev.enrich.client.aws.Clients;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The endpoint on the real local stack: POST a catalog, the in-process worker enriches it, GET its status until
 * it completes, and the stores hold exactly the catalog ({@link CatalogOutcome}). Each test that queues work
 * drains the queue before it ends, so a test that queues nothing can check that the queue is empty.
 */
class EndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  private static EnrichClient client;
  private static EndpointServer server;

  @BeforeAll
  static void startServer() throws Exception {
    StackFixture fixture = stack.fixture();
    client = EnrichClient.builder().sqs(fixture.stack.sqsClient()).dynamoDb(fixture.stack.dynamoClient())
        .queue(fixture.stack.queueUrl()).table(fixture.stack.config().tableName()).build();
    server = new EndpointServer(client, 0, EndpointServer.userHeader()).start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
    client.close();
  }

  @Test
  void postedJsonProducts_areAccepted_theInvalidOneLeftOut_andTheRestEnrichedExactly() throws Exception {
    ArrayNode products = JSON.createArrayNode();
    Set<String> skus = new LinkedHashSet<>();
    for (JsonNode product : JSON.readTree(sample("outdoor-80.json").toFile())) {
      if (products.size() < 25) {
        products.add(product);
        skus.add(product.get("sku").asText());
      }
    }
    products.add(JSON.createObjectNode().put("title", "A product without any identifier"));

    HttpResponse<String> posted = post("/outdoor-25/enrich", "application/json", JSON.writeValueAsString(products));
    assertEquals(202, posted.statusCode(), posted.body());
    JsonNode accepted = JSON.readTree(posted.body());
    assertEquals("outdoor-25", accepted.get("tracking_id").asText(), posted.body());
    assertEquals(25, accepted.get("total_products").asInt(), posted.body());
    assertTrue(accepted.get("total_batches").asInt() >= 1, posted.body());
    assertEquals(1, accepted.get("invalid_products").asInt(), posted.body());
    assertFalse(accepted.get("message").asText().isBlank(), posted.body());

    JsonNode status = enrichUntilDone("outdoor-25", skus);
    assertEquals("seller-42", status.get("user_id").asText());
    assertEquals(accepted.get("total_batches").asInt(), status.get("total_batches").asInt());
  }

  @Test
  void postedCsvCatalogs_typedOrSniffed_areAcceptedAndEnriched() throws Exception {
    String csv = Files.readString(sample("kitchen-12.csv"), UTF_8);
    for (String[] post : new String[][] {{"kitchen", "text/csv; charset=utf-8"}, {"kitchen-2", "text/plain"}}) {
      HttpResponse<String> posted = post("/" + post[0] + "/enrich", post[1], csv);
      assertEquals(202, posted.statusCode(), posted.body());
      JsonNode accepted = JSON.readTree(posted.body());
      assertEquals(post[0], accepted.get("tracking_id").asText());
      assertEquals(12, accepted.get("total_products").asInt());
    }

    enrichUntilDone("kitchen", Samples.skus("kitchen-12.csv"));
    enrichUntilDone("kitchen-2", Samples.skus("kitchen-12.csv"));
  }

  @Test
  void catalogWithNoValidProduct_is400_andQueuesNothing() throws Exception {
    HttpResponse<String> posted = post("/lamps/enrich", "application/json", "[{\"title\": \"Desk lamp\"}]");
    assertEquals(400, posted.statusCode(), posted.body());
    assertOneLineError(posted);
    assertTrue(JSON.readTree(posted.body()).get("error").asText().contains("no valid product"), posted.body());
    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()));
    assertEquals(404, get("/lamps/status").statusCode());
  }

  @Test
  void otherContentUnderATakenCatalogId_is409_andQueuesNothing() throws Exception {
    String csv = Files.readString(sample("kitchen-12.csv"), UTF_8);
    HttpResponse<String> first = post("/kitchen-twice/enrich", "text/csv", csv);
    assertEquals(202, first.statusCode(), first.body());
    int queued = stack.fixture().messagesIn(stack.fixture().stack.queueUrl());
    String other = csv.lines().limit(6).reduce("", (a, b) -> a + b + "\n");
    HttpResponse<String> second = post("/kitchen-twice/enrich", "text/csv", other);
    assertEquals(409, second.statusCode(), second.body());
    assertOneLineError(second);
    assertTrue(JSON.readTree(second.body()).get("error").asText().contains("was submitted from a different file"),
        second.body());
    assertEquals(queued, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()), "nothing more was queued");
    HttpResponse<String> again = post("/kitchen-twice/enrich", "text/csv", csv);
    assertEquals(202, again.statusCode(), "the same content again resumes: " + again.body());
    enrichUntilDone("kitchen-twice", Samples.skus("kitchen-12.csv"));
  }

  @Test
  void statusOfAnUnknownCatalog_is404() throws Exception {
    HttpResponse<String> response = get("/no-such-catalog/status");
    assertEquals(404, response.statusCode(), response.body());
    assertOneLineError(response);
    assertTrue(response.body().contains("no-such-catalog"), response.body());
  }

  @Test
  void badCatalogIds_are400_wrongMethods405_unknownPaths404() throws Exception {
    assertEquals(400, get("/bad%20id/status").statusCode());
    assertEquals(400, post("/" + "x".repeat(129) + "/enrich", "text/csv", "sku\nA-1\n").statusCode());
    assertOneLineError(get("/a*b/status"));
    HttpResponse<String> wrongMethod = get("/kitchen/enrich");
    assertEquals(405, wrongMethod.statusCode());
    assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
    assertEquals(404, get("/").statusCode());
    assertEquals(404, get("/kitchen/export").statusCode());
  }

  @Test
  void statusWithDynamoDbUnreachable_is503() throws Exception {
    StackFixture fixture = stack.fixture();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (DynamoDbClient dynamo = Clients.localDynamo(URI.create("http://127.0.0.1:" + closedPort),
            fixture.stack.config().region());
        EnrichClient unreachable = EnrichClient.builder().sqs(fixture.stack.sqsClient()).dynamoDb(dynamo)
            .queue(fixture.stack.queueUrl()).table(fixture.stack.config().tableName()).build();
        EndpointServer other = new EndpointServer(unreachable, 0, EndpointServer.userHeader()).start()) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + other.port() + "/kitchen/status")).GET().build(),
          HttpResponse.BodyHandlers.ofString(UTF_8));
      assertEquals(503, response.statusCode(), response.body());
      assertOneLineError(response);
    }
  }

  /** Runs a worker until GET status says COMPLETED and the queue is empty; asserts the stores are exact. */
  private static JsonNode enrichUntilDone(String catalogId, Set<String> skus) throws Exception {
    StackFixture fixture = stack.fixture();
    JsonNode status;
    try (LocalWorker worker = fixture.worker(4)) {
      worker.start();
      status = Await.until(() -> JSON.readTree(get("/" + catalogId + "/status").body()),
          s -> "COMPLETED".equals(s.path("state").asText()), Duration.ofSeconds(60),
          s -> "catalog " + catalogId + " to complete: " + s);
      Await.until(() -> fixture.messagesIn(fixture.stack.queueUrl()) == 0, Duration.ofSeconds(30),
          "the queue to drain");
    }
    HttpResponse<String> response = get("/" + catalogId + "/status");
    assertEquals(200, response.statusCode(), response.body());
    JsonSchemas.assertMatches("status", response.body());
    CatalogOutcome.assertExact(fixture, catalogId, skus);
    return status;
  }

  private static void assertOneLineError(HttpResponse<String> response) throws Exception {
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode body = JSON.readTree(response.body());
    assertEquals(1, body.size(), response.body());
    String error = body.get("error").asText();
    assertFalse(error.isBlank() || error.contains("\n") || error.contains("\tat "), response.body());
  }

  private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .header(EndpointServer.USER_HEADER, "seller-42").POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }
}
