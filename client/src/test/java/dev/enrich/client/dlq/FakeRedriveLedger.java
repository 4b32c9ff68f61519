package dev.enrich.client.dlq;

import dev.enrich.contract.output.BatchRef;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Batch states in a map, with every write in the shared event log. */
final class FakeRedriveLedger implements RedriveLedger {
  final Map<BatchRef, String> states = new HashMap<>();
  private final List<String> events;

  FakeRedriveLedger(List<String> events) {
    this.events = events;
  }

  void failed(DlqMessage... messages) {
    for (DlqMessage m : messages) {
      states.put(m.batch(), "FAILED");
    }
  }

  @Override
  public Map<BatchRef, BatchView> describe(Collection<BatchRef> batches) {
    Map<BatchRef, BatchView> out = new HashMap<>();
    batches.forEach(b -> {
      if (states.containsKey(b)) {
        out.put(b, new BatchView(states.get(b), 3, "provider unavailable"));
      }
    });
    return out;
  }

  @Override
  public boolean catalogExists(String catalogId) {
    return states.keySet().stream().anyMatch(b -> b.catalogId().equals(catalogId));
  }

  @Override
  public boolean requeue(BatchRef batch, Instant now) {
    if (!"FAILED".equals(states.get(batch)) && !"PROCESSING".equals(states.get(batch))) {
      return false;
    }
    states.put(batch, "QUEUED");
    events.add("requeue " + batch.catalogId() + "/" + batch.batchId());
    return true;
  }

  @Override
  public boolean markFailing(BatchRef batch, Instant now) {
    if (!"QUEUED".equals(states.get(batch))) {
      return false;
    }
    states.put(batch, "FAILED");
    events.add("failing " + batch.catalogId() + "/" + batch.batchId());
    return true;
  }
}
