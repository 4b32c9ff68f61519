package dev.enrich.client.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.catalog.Catalog;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.ColumnMap;
import dev.enrich.client.catalog.Limits;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.BatchState;
import dev.enrich.contract.Marketplace;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.Product;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resumable sending pass against in-memory ledger and queue; the real servers are in the ITs. */
class SubmitterTest {
  private final MessageCodec codec = new MessageCodec();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryQueue queue = new MemoryQueue();
  @TempDir Path dir;

  private Path catalog(int products) throws IOException {
    StringBuilder csv = new StringBuilder("sku,asin,title,price\n");
    for (int i = 1; i <= products; i++) {
      csv.append(String.format("SKU-%05d,B%09d,Product %d,%d.99%n", i, i, i, i % 90));
    }
    return Files.writeString(dir.resolve("c" + products + ".csv"), csv);
  }

  private SubmitResult submit(Path file, SubmitRequest options) {
    try (CatalogInput input = CatalogInput.open(file.toString(), StandardCharsets.UTF_8, Optional.empty(),
        InputStream.nullInputStream());
        SubmitPlan plan = Submitter.plan(new Catalog(input, ColumnMap.standard(), Limits.DEFAULT), options, codec,
            r -> { }, true)) {
      return new Submitter(ledger, queue, codec, clock).submit(plan, options, SubmitProgress.NONE);
    }
  }

  private static SubmitRequest options(int batchSize, int senders) {
    return new SubmitRequest("cat", "u", OptionalInt.of(batchSize), SubmitRequest.SQS_MAX_MESSAGE_BYTES, false,
        senders, Map.of());
  }

  @Test
  void submit_sendsEveryProductOnceInBatchOrder_andWritesEachItemBeforeItsMessage() throws IOException {
    SubmitResult result = submit(catalog(1234), options(10, 4));
    assertEquals(124, result.batches());
    assertEquals(124, result.sent());
    assertEquals(124, queue.bodies.size());
    List<String> skus = new ArrayList<>();
    for (int n = 1; n <= 124; n++) {
      BatchMessage m = codec.read(queue.bodies.get(String.format("B#%06d", n)));
      m.products().stream().map(Product::sku).forEach(skus::add);
    }
    assertEquals(1234, skus.size());
    assertEquals("SKU-00001", skus.get(0));
    assertEquals("SKU-01234", skus.get(1233));
    assertEquals(1234, new HashSet<>(skus).size());
    assertEquals(0, queue.sentBeforeItsItem.get(), "a consumer must always find the batch item");
    assertEquals(124, ledger.sentBatches("cat").size());
    assertTrue(ledger.markedSent);
  }

  @Test
  void rerunAfterAFailure_sendsExactlyTheBatchesNoReceiptLists() throws IOException {
    Path file = catalog(1000);
    queue.failAfterCalls = 2; // two rounds of 50 go out, then SQS becomes unreachable
    assertThrows(EnrichException.class, () -> submit(file, options(5, 1)));
    Set<String> sentFirst = new HashSet<>(queue.bodies.keySet());
    Set<String> receipted = ledger.sentBatches("cat");
    assertEquals(100, sentFirst.size(), "failed midway");
    assertTrue(sentFirst.containsAll(receipted));

    queue.failAfterCalls = Integer.MAX_VALUE;
    queue.sendCounts.clear();
    SubmitResult resumed = submit(file, options(5, 1));
    assertTrue(resumed.resumed());
    assertEquals(200 - receipted.size(), resumed.sent());
    for (String batch : queue.sendCounts.keySet()) {
      assertTrue(!receipted.contains(batch), batch + " had a receipt and was sent again");
    }
    assertEquals(200, queue.bodies.size(), "every batch is in the queue");
    assertEquals(200, ledger.sentBatches("cat").size());
  }

  @Test
  void rerunAfterCompletion_sendsNothing_andADifferentFileIsRefused() throws IOException {
    Path file = catalog(50);
    submit(file, options(10, 2));
    queue.sendCounts.clear();
    SubmitResult again = submit(file, options(10, 2));
    assertEquals(0, again.sent());
    assertTrue(queue.sendCounts.isEmpty());
    EnrichException refused = assertThrows(EnrichException.class, () -> submit(catalog(51), options(10, 2)));
    assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
  }

  @Test
  void batchesTakenByTheConsumer_areNotSentAgain_evenWithoutAReceipt() throws IOException {
    Path file = catalog(30);
    submit(file, options(10, 1));
    ledger.receipts.clear(); // as if the receipt write was lost in a crash
    ledger.states.put("B#000002", BatchState.COMPLETED);
    queue.sendCounts.clear();
    SubmitResult again = submit(file, options(10, 1));
    assertEquals(2, again.sent(), "B#000001 and B#000003 are still PENDING without a receipt");
    assertEquals(Set.of("B#000001", "B#000003"), queue.sendCounts.keySet());
  }

  @Test
  void largeProducts_capTheBatchSoEveryMessageFitsTheQueueLimit() throws IOException {
    StringBuilder csv = new StringBuilder("sku,asin,description\n");
    for (int i = 1; i <= 200; i++) {
      csv.append(String.format("SKU-%05d,B%09d,%s%n", i, i, "x".repeat(2_000 + 40 * i)));
    }
    Path file = Files.writeString(dir.resolve("wide.csv"), csv);
    int limit = 64 * 1024;
    SubmitRequest options = new SubmitRequest("cat", "u", OptionalInt.empty(), limit, false, 2, Map.of());
    SubmitResult result = submit(file, options);
    assertTrue(result.batchSize() < 25, "the seed size for 200 products is 15-25; capped: " + result.sizeReason());
    assertTrue(result.sizeReason().contains("capped"), result.sizeReason());
    for (OutgoingMessage m : queue.sentMessages.values()) {
      int bytes = m.body().getBytes(StandardCharsets.UTF_8).length;
      for (Map.Entry<String, String> a : m.attributes().entrySet()) {
        bytes += a.getKey().length() + "String".length() + a.getValue().length();
      }
      assertTrue(bytes <= limit, m.batchId() + " is " + bytes + " bytes");
    }
    assertEquals(200, queue.sentMessages.values().stream().mapToInt(m -> codec.read(m.body()).products().size()).sum());
  }

  @Test
  void marketplaceColumn_cutsBatchesPerMarketplace_eachMessageCarryingItsDomain() throws IOException {
    // 9 com rows, 8 de rows, 8 without a marketplace (the catalog's: fr); batches of 5.
    StringBuilder csv = new StringBuilder("sku,asin,Marketplace\n");
    Map<String, String> expected = new HashMap<>();
    for (int i = 1; i <= 25; i++) {
      String cell = i % 3 == 1 ? "com" : i % 3 == 0 ? "amazon.de" : "";
      csv.append(String.format("SKU-%02d,B%09d,%s%n", i, i, cell));
      expected.put(String.format("SKU-%02d", i), i % 3 == 1 ? "1" : i % 3 == 0 ? "3" : "4");
    }
    Path file = Files.writeString(dir.resolve("mixed.csv"), csv);
    SubmitRequest options = new SubmitRequest("cat", "u", OptionalInt.of(5), SubmitRequest.SQS_MAX_MESSAGE_BYTES,
        false, 2, Marketplace.FR.into(Map.of()));
    SubmitResult result = submit(file, options);

    assertEquals(6, result.batches(), "2 + 2 + 2: no batch mixes marketplaces, where 25 / 5 would make 5");
    assertEquals(6, queue.bodies.size());
    Map<String, String> seen = new HashMap<>();
    for (String body : queue.bodies.values()) {
      BatchMessage m = codec.read(body);
      String domain = m.options().get(Marketplace.OPTION);
      for (Product p : m.products()) {
        assertEquals(expected.get(p.sku()), domain, p.sku() + " in " + m.batchId());
        assertEquals(null, seen.put(p.sku(), domain), p.sku() + " sent twice");
      }
    }
    assertEquals(expected, seen);
    assertEquals(List.of("com", "de", "fr"), ledger.registered.marketplaces());
    assertEquals(Map.of(Marketplace.OPTION, "4"), ledger.registered.options());
  }

  @Test
  void marketplaceColumn_resumeCutsTheSameBatches_soEveryProductGoesOnceToItsMarketplace() throws IOException {
    StringBuilder csv = new StringBuilder("sku,asin,marketplace\n");
    for (int i = 1; i <= 300; i++) {
      csv.append(String.format("SKU-%03d,B%09d,%s%n", i, i, i % 3 == 0 ? "de" : i % 3 == 1 ? "com" : "fr"));
    }
    Path file = Files.writeString(dir.resolve("mixed-resume.csv"), csv);
    queue.failAfterCalls = 1; // one round of 50 batches goes out, then SQS becomes unreachable
    assertThrows(EnrichException.class, () -> submit(file, options(5, 1)));
    Map<String, String> sentFirst = new HashMap<>(queue.bodies);
    assertEquals(50, sentFirst.size(), "failed midway");

    queue.failAfterCalls = Integer.MAX_VALUE;
    SubmitResult resumed = submit(file, options(5, 1));
    assertEquals(60, resumed.batches());
    sentFirst.forEach((id, body) -> assertEquals(body, queue.bodies.get(id), id + " means the same batch"));
    Map<String, String> domainOfSku = new HashMap<>();
    for (String body : queue.bodies.values()) {
      BatchMessage m = codec.read(body);
      for (Product p : m.products()) {
        assertEquals(null, domainOfSku.put(p.sku(), m.options().get(Marketplace.OPTION)), p.sku() + " sent twice");
      }
    }
    assertEquals(300, domainOfSku.size());
    for (int i = 1; i <= 300; i++) {
      assertEquals(i % 3 == 0 ? "3" : i % 3 == 1 ? "1" : "4", domainOfSku.get(String.format("SKU-%03d", i)));
    }
  }

  @Test
  void withoutAColumn_everyMessageCarriesTheCatalogsMarketplace() throws IOException {
    SubmitRequest options = new SubmitRequest("cat", "u", OptionalInt.of(10), SubmitRequest.SQS_MAX_MESSAGE_BYTES,
        false, 2, Marketplace.DE.into(Map.of()));
    assertEquals(5, submit(catalog(50), options).batches());
    for (String body : queue.bodies.values()) {
      assertEquals(Map.of(Marketplace.OPTION, "3"), codec.read(body).options());
    }
    assertEquals(List.of("de"), ledger.registered.marketplaces());
  }

  @Test
  void unknownMarketplaceCell_rejectsTheRow_namingTheColumnAndTheValidValues() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.csv"), "sku,asin,marketplace\nA,B000000001,de\nB,B000000002,uk\n");
    List<dev.enrich.client.catalog.Rejection> rejections = new ArrayList<>();
    try (CatalogInput input = CatalogInput.open(file.toString(), StandardCharsets.UTF_8, Optional.empty(),
        InputStream.nullInputStream());
        SubmitPlan plan = Submitter.plan(new Catalog(input, ColumnMap.standard(), Limits.DEFAULT), options(10, 1),
            codec, rejections::add, false)) {
      assertEquals(1, plan.scan().accepted());
      assertEquals(List.of(Marketplace.DE), plan.marketplaces());
    }
    assertEquals(1, rejections.size());
    assertEquals(3, rejections.get(0).line());
    assertEquals("marketplace", rejections.get(0).field());
    assertTrue(rejections.get(0).reason().startsWith("\"uk\" is not a marketplace; use one of com (1), co.uk (2)"),
        rejections.get(0).reason());
  }

  @Test
  void marketplaceChoice_flagOverSetting_andABadOneIsAUsageError() {
    assertEquals(Marketplace.COM, SubmitRequest.marketplace(null, null));
    assertEquals(Marketplace.CO_UK, SubmitRequest.marketplace(null, "co.uk"));
    assertEquals(Marketplace.CO_JP, SubmitRequest.marketplace("5", "co.uk"));
    EnrichException bad = assertThrows(EnrichException.class, () -> SubmitRequest.marketplace(null, "germany"));
    assertInstanceOf(InvalidInputException.class, bad);
    assertTrue(bad.getMessage().startsWith("the marketplace setting (ENRICH_MARKETPLACE or the profile): \"germany\""),
        bad.getMessage());
  }

  /** Status-table rules of the submitter, in memory. */
  private static final class MemoryLedger implements SubmitLedger {
    final Map<String, BatchState> states = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> receipts = new ConcurrentHashMap<>();
    Existing existing;
    boolean markedSent;
    CatalogRegistration registered;

    @Override
    public Optional<Existing> register(CatalogRegistration r) {
      registered = r;
      if (existing != null) {
        return Optional.of(existing);
      }
      existing = new Existing(r.contentHash(), r.totalBatches(), r.batchSize(), r.shardCount(), r.createdAt());
      return Optional.empty();
    }

    @Override
    public void reset(String catalogId) {
      existing = null;
      states.clear();
      receipts.clear();
    }

    @Override
    public Map<String, BatchState> batchStates(String catalogId) {
      return new HashMap<>(states);
    }

    @Override
    public Set<String> sentBatches(String catalogId) {
      Set<String> sent = new HashSet<>();
      receipts.values().forEach(r -> sent.addAll(r.keySet()));
      return sent;
    }

    @Override
    public void addPending(String catalogId, Map<String, Integer> productCountByBatch, Instant now) {
      productCountByBatch.keySet().forEach(b -> states.putIfAbsent(b, BatchState.PENDING));
    }

    @Override
    public void recordSent(String catalogId, Map<String, String> messageIdByBatch, Instant now) {
      receipts.put(new java.util.TreeMap<>(messageIdByBatch).firstKey(), Map.copyOf(messageIdByBatch));
    }

    @Override
    public void markSent(String catalogId, Instant now) {
      markedSent = true;
    }
  }

  /** A queue that remembers bodies, counts sends, and can start failing after some calls. */
  private final class MemoryQueue implements BatchQueue {
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    final Map<String, OutgoingMessage> sentMessages = new ConcurrentHashMap<>();
    final Map<String, Integer> sendCounts = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger sentBeforeItsItem = new AtomicInteger();
    volatile int failAfterCalls = Integer.MAX_VALUE;

    @Override
    public Map<String, String> send(List<OutgoingMessage> messages) {
      if (calls.incrementAndGet() > failAfterCalls) {
        throw EnrichException.remote("SQS is unreachable", null);
      }
      Map<String, String> ids = new HashMap<>();
      for (OutgoingMessage m : messages) {
        if (!ledger.states.containsKey(m.batchId())) {
          sentBeforeItsItem.incrementAndGet();
        }
        bodies.put(m.batchId(), m.body());
        sentMessages.put(m.batchId(), m);
        sendCounts.merge(m.batchId(), 1, Integer::sum);
        ids.put(m.batchId(), "msg-" + m.batchId());
      }
      return ids;
    }
  }
}
