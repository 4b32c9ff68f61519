package dev.enrich.lambda;

import dev.enrich.contract.BatchState;
import dev.enrich.lambda.store.BatchLedger;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An in-memory ledger with the same idempotence rules as the DynamoDB one, for fast tests. */
final class FakeLedger implements BatchLedger {
  final Map<String, BatchState> states = new HashMap<>();
  final Map<String, Integer> attempts = new HashMap<>();
  final Set<String> counted = new HashSet<>();
  final Map<String, String> errors = new HashMap<>();
  long productsDone;
  long succeeded;
  long failed;
  boolean cancelled;
  Instant createdAt;
  boolean down;

  void addBatch(String batchId) {
    states.put(batchId, BatchState.QUEUED);
  }

  @Override
  public Optional<CatalogView> catalog(String catalogId) {
    check();
    return Optional.of(new CatalogView(catalogId, 1, cancelled, createdAt));
  }

  @Override
  public Start start(String catalogId, String batchId, int shardCount, Instant now) {
    check();
    BatchState state = states.get(batchId);
    if (state == null) {
      return Start.UNKNOWN_BATCH;
    }
    if (state == BatchState.COMPLETED) {
      return Start.ALREADY_COMPLETED;
    }
    states.put(batchId, BatchState.PROCESSING);
    attempts.merge(batchId, 1, Integer::sum);
    return Start.STARTED;
  }

  @Override
  public void complete(String catalogId, String batchId, int shardCount, int ok, int ko, Instant now) {
    check();
    if (counted.add(batchId)) {
      productsDone += ok + ko;
      succeeded += ok;
      failed += ko;
    }
    states.put(batchId, BatchState.COMPLETED);
  }

  @Override
  public void cancel(String catalogId, String batchId, int shardCount, Instant now) {
    check();
    states.computeIfPresent(batchId, (k, v) -> v == BatchState.COMPLETED ? v : BatchState.CANCELLED);
  }

  @Override
  public void fail(String catalogId, String batchId, int shardCount, String error, Instant now) {
    check();
    states.computeIfPresent(batchId, (k, v) -> v == BatchState.COMPLETED ? v : BatchState.FAILED);
    errors.put(batchId, error);
  }

  private void check() {
    if (down) {
      throw new StoreUnavailableException("DynamoDB: down for the test", null);
    }
  }
}
