package dev.enrich.client;

import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.Await;
import dev.enrich.cli.Samples;
import dev.enrich.cli.chaos.CatalogOutcome;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.SubmitResult;
import dev.enrich.client.track.CatalogCanceller;
import dev.enrich.client.track.ExportFormat;
import dev.enrich.client.track.FileTarget;
import dev.enrich.client.track.StatusWatch;
import dev.enrich.contract.Product;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.ExportSummary;
import dev.enrich.contract.output.PeekReport;
import dev.enrich.contract.output.QueueStats;
import dev.enrich.contract.output.StatusReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library facade a service embeds, on the real local servers: each way of giving a catalog,
 * then status, watch, list, cancel, export and the DLQ peek, as a service would call them. Every
 * test leaves the queue empty, so that the next one can say what it queued.
 */
@Tag(StackFixture.AWS_API)
class EnrichClientIT {
  private static final String USER = "client-it";
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  private static EnrichClient client;

  @BeforeAll
  static void buildClient() {
    StackFixture f = stack.fixture();
    client = EnrichClient.builder()
        .sqs(f.stack.sqsClient())
        .dynamoDb(f.stack.dynamoClient())
        .queue(f.stack.queueUrl())
        .table(f.stack.config().tableName())
        .mongo(f.stack.mongoClient(), f.stack.config().mongoDatabase())
        .build();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  /** Runs a worker until the catalog is finished and the queue is empty, so that the outcome is final. */
  private static void enrich(String catalogId) throws InterruptedException {
    StackFixture f = stack.fixture();
    try (LocalWorker worker = f.worker(4)) {
      worker.start();
      Await.catalogTerminal(f, catalogId, WITHIN);
      Await.until(() -> f.messagesIn(f.stack.queueUrl()) == 0, WITHIN, "the batch queue to drain");
    }
  }

  private static Product product(String sku, String asin) {
    return new Product(sku, asin, null, null, null, "Title of " + sku, "Brand", "9.99", 0, Map.of());
  }

  @Test
  void file_resubmitSendsNothing_thenWatchStatusListAndExportAgree(@TempDir Path dir) throws Exception {
    SubmitRequest request = SubmitRequest.defaults(USER).withCatalogId("client-kitchen");
    SubmitResult first = client.submit(request, CatalogSource.file(sample("kitchen-12.csv")));
    assertEquals(12, first.products());
    assertEquals(first.batches(), first.sent());
    assertFalse(first.resumed());

    SubmitResult again = client.submit(request, CatalogSource.file(sample("kitchen-12.csv")));
    assertEquals(0, again.sent(), again.toString());
    assertTrue(again.resumed(), again.toString());
    assertEquals(first.batches(), stack.fixture().messagesIn(stack.fixture().stack.queueUrl()));

    List<StatusReport> finished = new ArrayList<>();
    StatusReport watched;
    try (LocalWorker worker = stack.fixture().worker(4)) {
      worker.start();
      watched = client.watch("client-kitchen", Duration.ofMillis(200), WITHIN, new StatusWatch.View() {
        @Override
        public void show(StatusReport report) {}

        @Override
        public void problem(String message) {}

        @Override
        public void finish(StatusReport report) {
          finished.add(report);
        }
      });
      Await.until(() -> stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) == 0, WITHIN,
          "the batch queue to drain");
    }
    assertEquals(List.of(watched), finished, "the listener is told the final report once");
    assertEquals(CatalogState.COMPLETED, watched.state());
    CatalogOutcome.assertExact(stack.fixture(), "client-kitchen", Samples.skus("kitchen-12.csv"));

    StatusReport status = client.status("client-kitchen");
    assertEquals(CatalogState.COMPLETED, status.state());
    assertEquals(12, status.totalProducts());
    assertEquals(12, status.productsDone());
    assertEquals(12, status.succeeded());
    assertEquals(0, status.failed());
    assertEquals(first.batches(), status.batches().completed());
    assertEquals(USER, status.userId());

    List<String> listed = client.list(USER, Optional.empty(), 10).catalogs().stream()
        .map(CatalogStatus::catalogId).toList();
    assertTrue(listed.contains("client-kitchen"), listed.toString());

    Path out = dir.resolve("kitchen.json");
    ExportSummary summary = client.export("client-kitchen", ExportFormat.json, FileTarget.check(out, false));
    assertEquals(12, summary.products());
    assertEquals(12, summary.enriched());
    List<String> productLines = Files.readAllLines(out).stream().filter(l -> l.startsWith("{\"sku\":")).toList();
    assertEquals(12, productLines.size(), "one line per product");
    Set<String> exported = new HashSet<>();
    new ObjectMapper().readTree(out.toFile()).get("products").forEach(p -> exported.add(p.get("sku").asText()));
    assertEquals(Samples.skus("kitchen-12.csv"), exported);
  }

  @Test
  void stream_isReadOnceAndEnrichedExactly() throws Exception {
    SubmitResult sent;
    try (InputStream in = Files.newInputStream(sample("outdoor-80.json"))) {
      sent = client.submit(SubmitRequest.defaults(USER).withCatalogId("client-outdoor"),
          CatalogSource.stream(in, "outdoor-80.json"));
    }
    assertEquals(80, sent.products());
    assertEquals(sent.batches(), sent.sent());
    enrich("client-outdoor");
    CatalogOutcome.assertExact(stack.fixture(), "client-outdoor", Samples.skus("outdoor-80.json"));
    assertEquals(80, client.status("client-outdoor").succeeded());
  }

  @Test
  void products_ofAProgram_areEnrichedExactly() throws Exception {
    List<Product> products = List.of(product("P-1", "B000000001"), product("P-2", "B000000002"),
        product("P-3", "B000000003"));
    SubmitResult sent = client.submit("client-products", USER, products);
    assertEquals(3, sent.products());
    assertEquals(0, sent.invalid());
    enrich("client-products");
    CatalogOutcome.assertExact(stack.fixture(), "client-products",
        products.stream().map(Product::sku).collect(Collectors.toSet()));

    List<String> listed = client.list(USER, Optional.empty(), 10).catalogs().stream()
        .map(CatalogStatus::catalogId).toList();
    assertTrue(listed.contains("client-products"), listed.toString());
  }

  @Test
  void products_withAnInvalidOne_areRefusedAsAWhole_andNothingIsQueued() {
    List<Product> products = List.of(product("Q-1", "B000000011"), product("Q-2", "not-an-asin"),
        product("Q-3", "B000000013"));
    InvalidInputException refused = assertThrows(InvalidInputException.class,
        () -> client.submit("client-invalid", USER, products));
    assertTrue(refused.getMessage().contains("nothing sent"), refused.getMessage());
    assertTrue(refused.getMessage().contains(":2"), "names the invalid product's position: " + refused.getMessage());

    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()));
    assertThrows(NotFoundException.class, () -> client.status("client-invalid"));
  }

  @Test
  void cancel_withNoWorkerRunning_cancelsAndItsBatchesLeaveTheQueueUnenriched() throws Exception {
    SubmitResult sent = client.submit(SubmitRequest.defaults(USER).withCatalogId("client-cancel"),
        CatalogSource.file(sample("outdoor-80.json")));
    assertTrue(sent.sent() > 0, sent.toString());

    CatalogCanceller.Cancellation cancelled = client.cancel("client-cancel");
    assertEquals(CatalogCanceller.Outcome.CANCELLED, cancelled.outcome());
    assertEquals(CatalogState.CANCELLED, cancelled.status().state());
    assertEquals(CatalogState.CANCELLED, client.status("client-cancel").state());
    assertEquals(CatalogCanceller.Outcome.ALREADY_CANCELLED, client.cancel("client-cancel").outcome());

    // A worker now skips the cancelled batches: they leave the queue and nothing is enriched.
    enrich("client-cancel");
    assertEquals(0, stack.fixture().mongoCount("client-cancel"));
    assertEquals(CatalogState.CANCELLED, client.status("client-cancel").state());
  }

  @Test
  void peekDlq_ofAnEmptyDlq_reportsNothing_andQueueStatsNameBothQueues() {
    PeekReport peek = client.peekDlq(null, 10);
    assertEquals(0, peek.dlqDepth());
    assertTrue(peek.messages().isEmpty(), peek.toString());
    assertFalse(peek.more());
    QueueStats stats = client.queueStats();
    assertEquals(List.of("source", "dead_letter"), stats.queues().stream().map(QueueStats.Queue::role).toList(), stats.toString());
    assertTrue(stats.queues().stream().allMatch(q -> q.visible() == 0 && q.inFlight() == 0), stats.toString());
    assertEquals(stack.fixture().stack.config().maxReceiveCount(), stats.maxReceiveCount());
  }
}
