package dev.enrich.cli.submit;

import dev.enrich.cli.EnrichException;
import dev.enrich.cli.catalog.Catalog;
import dev.enrich.lambda.contract.BatchMessage;
import dev.enrich.lambda.contract.BatchState;
import dev.enrich.lambda.contract.MessageAttributeNames;
import dev.enrich.lambda.contract.MessageCodec;
import dev.enrich.lambda.contract.Product;
import dev.enrich.lambda.contract.StatusTable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Registers a catalog and queues its batches, resumably (ARCHITECTURE.md section 4): batch items
 * are written PENDING before their message is sent and marked QUEUED after, so a re-run of the same
 * catalog sends exactly the batches still PENDING. A crash between send and mark makes a duplicate
 * message, which the consumer absorbs.
 */
public final class Submitter {
  /** Messages sent per round: each round is sent, then marked, so a crash loses at most one round's marks. */
  private static final int ROUND = 100;

  private final SubmitLedger ledger;
  private final BatchQueue queue;
  private final MessageCodec codec;
  private final Clock clock;

  public Submitter(SubmitLedger ledger, BatchQueue queue, MessageCodec codec, Clock clock) {
    this.ledger = ledger;
    this.queue = queue;
    this.codec = codec;
    this.clock = clock;
  }

  public SubmitResult submit(Catalog catalog, String catalogId, String userId, OptionalInt batchSize, Map<String, String> options) {
    List<Product> products = catalog.products();
    BatchPlan plan = BatchPlanner.plan(products.size(), batchSize);
    Instant now = clock.instant();
    CatalogRegistration registration = new CatalogRegistration(
        catalogId, userId, catalog.sourceName(), catalog.contentHash(), products.size(),
        catalog.rejections().size(), plan.batches(), plan.batchSize(),
        StatusTable.shardCountFor(plan.batches()), options, now);
    Optional<SubmitLedger.Existing> existing = ledger.register(registration);
    Instant submittedAt = now;
    if (existing.isPresent()) {
      SubmitLedger.Existing old = existing.get();
      if (!old.contentHash().equals(catalog.contentHash())) {
        throw EnrichException.invalidInput("catalog " + catalogId + " was submitted from a different file;"
            + " choose another --catalog-id");
      }
      // Resume with the size fixed when the catalog was first submitted, so batch ids mean the same.
      plan = new BatchPlan(products.size(), old.batchSize(), old.totalBatches(), "resumed: batch size " + old.batchSize());
      submittedAt = old.createdAt();
    }

    Map<String, BatchState> states = ledger.batchStates(catalogId);
    Map<String, List<Product>> batches = cut(products, plan.batchSize());
    Map<String, Integer> missing = new LinkedHashMap<>();
    batches.forEach((id, batch) -> {
      if (!states.containsKey(id)) {
        missing.put(id, batch.size());
      }
    });
    ledger.addPending(catalogId, missing, now);

    List<OutgoingMessage> round = new ArrayList<>(ROUND);
    int sent = 0;
    for (Map.Entry<String, List<Product>> batch : batches.entrySet()) {
      BatchState state = states.getOrDefault(batch.getKey(), BatchState.PENDING);
      if (state != BatchState.PENDING) {
        continue;
      }
      BatchMessage message = BatchMessage.of(catalogId, batch.getKey(), userId, submittedAt, options, batch.getValue());
      round.add(new OutgoingMessage(batch.getKey(), codec.write(message), Map.of(
          MessageAttributeNames.CATALOG_ID, catalogId,
          MessageAttributeNames.BATCH_ID, batch.getKey(),
          MessageAttributeNames.SCHEMA_VERSION, BatchMessage.SCHEMA_VERSION)));
      if (round.size() == ROUND) {
        sent += sendRound(catalogId, round);
        round.clear();
      }
    }
    sent += sendRound(catalogId, round);
    ledger.markSent(catalogId, clock.instant());
    return new SubmitResult(catalogId, products.size(), catalog.rejections().size(), plan.batches(),
        plan.batchSize(), plan.reason(), sent, existing.isPresent());
  }

  private int sendRound(String catalogId, List<OutgoingMessage> round) {
    if (round.isEmpty()) {
      return 0;
    }
    Map<String, String> messageIds = queue.send(round);
    Instant now = clock.instant();
    messageIds.forEach((batchId, messageId) -> ledger.markQueued(catalogId, batchId, messageId, now));
    return messageIds.size();
  }

  /** Batch id to products, in file order; batch numbers start at 1. */
  static Map<String, List<Product>> cut(List<Product> products, int size) {
    Map<String, List<Product>> batches = new LinkedHashMap<>();
    for (int from = 0, n = 1; from < products.size(); from += size, n++) {
      batches.put(StatusTable.batchId(n), products.subList(from, Math.min(products.size(), from + size)));
    }
    return batches;
  }

  /** A catalog id from the file name and the content hash: the same file gets the same id. */
  public static String deriveCatalogId(String sourceName, String contentHash) {
    String stem = sourceName.replaceFirst("\\.[^.]+$", "").replaceAll("[^A-Za-z0-9._-]+", "-");
    if (stem.length() > 60) {
      stem = stem.substring(0, 60);
    }
    return (stem.isEmpty() ? "catalog" : stem) + "-" + contentHash.substring(0, 8);
  }
}
