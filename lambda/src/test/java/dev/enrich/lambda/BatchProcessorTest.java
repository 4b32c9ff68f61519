package dev.enrich.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.BatchState;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import dev.enrich.lambda.store.ProductStore;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchProcessorTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
  private final MessageCodec codec = new MessageCodec();
  private final FakeLedger ledger = new FakeLedger();
  private final Map<String, EnrichmentResult> mongo = new HashMap<>();
  private final AtomicInteger providerCalls = new AtomicInteger();
  private boolean mongoDown;

  private final ProductStore store = (catalogId, batchId, results) -> {
    if (mongoDown) {
      throw new StoreUnavailableException("MongoDB: down for the test", null);
    }
    results.forEach(r -> mongo.put(catalogId + "/" + r.product().sku(), r));
  };

  private final EnrichmentProvider provider = new EnrichmentProvider() {
    private final MockProvider mock = new MockProvider(clock);

    @Override
    public String name() {
      return mock.name();
    }

    @Override
    public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
      providerCalls.incrementAndGet();
      return mock.enrich(products, options);
    }
  };

  private final BatchProcessor processor = new BatchProcessor(codec, provider, store, ledger, clock);

  private String body(String batchId, int products) {
    List<Product> list = new ArrayList<>();
    for (int i = 0; i < products; i++) {
      String asin = i == 0 ? null : String.format("B%09d", i);
      list.add(new Product(batchId + "-" + i, asin, null, null, null, "t" + i, "b", "1.00", i + 2, Map.of()));
    }
    ledger.addBatch(batchId);
    return codec.write(BatchMessage.of("cat", batchId, "u", clock.instant(), Map.of(), list));
  }

  @Test
  void process_enrichesStoresAndCountsOnce_evenWhenDeliveredThreeTimes() {
    String body = body("B#000001", 5);
    assertEquals(BatchProcessor.Outcome.COMPLETED, processor.process(body).outcome());
    assertEquals(BatchProcessor.Outcome.DUPLICATE, processor.process(body).outcome());
    assertEquals(BatchProcessor.Outcome.DUPLICATE, processor.process(body).outcome());

    assertEquals(5, ledger.productsDone);
    assertEquals(4, ledger.succeeded, "the product without identifier fails, the batch goes on");
    assertEquals(1, ledger.failed);
    assertEquals(5, mongo.size());
    assertEquals(1, providerCalls.get(), "a completed batch spends no more provider calls");
    assertEquals("mock", mongo.get("cat/B#000001-1").source());
  }

  @Test
  void process_retriesWhenMongoIsDown_andCountsOnceWhenItReturns() {
    String body = body("B#000002", 3);
    mongoDown = true;
    BatchProcessor.Result failed = processor.process(body);
    assertEquals(BatchProcessor.Outcome.RETRY, failed.outcome());
    assertTrue(failed.outcome().isFailure());
    assertEquals(BatchState.FAILED, ledger.states.get("B#000002"));
    assertEquals(0, ledger.productsDone);

    mongoDown = false;
    assertEquals(BatchProcessor.Outcome.COMPLETED, processor.process(body).outcome());
    assertEquals(3, ledger.productsDone);
    assertEquals(2, ledger.attempts.get("B#000002"));
  }

  @Test
  void process_retriesWhenStatusTableIsDown() {
    String body = body("B#000003", 2);
    ledger.down = true;
    assertEquals(BatchProcessor.Outcome.RETRY, processor.process(body).outcome());
    ledger.down = false;
    assertEquals(BatchProcessor.Outcome.COMPLETED, processor.process(body).outcome());
    assertEquals(2, ledger.productsDone);
  }

  @Test
  void process_skipsCancelledCatalogWithoutCallingTheProvider() {
    String body = body("B#000004", 2);
    ledger.cancelled = true;
    assertEquals(BatchProcessor.Outcome.CANCELLED, processor.process(body).outcome());
    assertEquals(0, providerCalls.get());
    assertEquals(BatchState.CANCELLED, ledger.states.get("B#000004"));
  }

  @Test
  void process_dropsMessagesOfASubmissionThatForceReplaced() {
    String body = body("B#000005", 2);
    ledger.createdAt = clock.instant().plusSeconds(60);
    BatchProcessor.Result result = processor.process(body);
    assertEquals(BatchProcessor.Outcome.STALE, result.outcome());
    assertEquals(0, providerCalls.get());
    assertEquals(BatchState.QUEUED, ledger.states.get("B#000005"), "the new submission's batch is untouched");
    ledger.createdAt = clock.instant();
    assertEquals(BatchProcessor.Outcome.COMPLETED, processor.process(body).outcome());
  }

  @Test
  void process_rejectsMalformedBodiesAndUnknownBatches() {
    assertEquals(BatchProcessor.Outcome.REJECTED, processor.process("garbage").outcome());
    String unknown = codec.write(BatchMessage.of("cat", "B#999999", "u", clock.instant(), Map.of(), List.of()));
    assertEquals(BatchProcessor.Outcome.REJECTED, processor.process(unknown).outcome());
    assertEquals(0, providerCalls.get());
  }
}
