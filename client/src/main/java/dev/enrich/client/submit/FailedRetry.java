package dev.enrich.client.submit;

import static dev.enrich.client.aws.StatusItems.flag;
import static dev.enrich.client.aws.StatusItems.key;
import static dev.enrich.client.aws.StatusItems.n;
import static dev.enrich.client.aws.StatusItems.number;
import static dev.enrich.client.aws.StatusItems.s;
import static dev.enrich.client.aws.StatusItems.text;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.enrich.client.EnrichException;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.Marketplace;
import dev.enrich.contract.MessageAttributeNames;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.Product;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code enrich retry-failed}: sends a finished catalog's FAILED products again, and only those, as
 * a new round of the same catalog (docs/architecture.md section 12). The round's batches follow the
 * catalog's ({@code B#000101} after 100), carry the round number, and are counted by the consumer as
 * retries: a product that now succeeds moves from failed to succeeded, so each product is counted
 * once and its latest outcome wins.
 *
 * <p>Three steps, each safe to run again after a crash: the round is started with one conditional
 * write on the catalog item (its batch count grows by the round's, its completion event is cleared
 * for the round's own); the failed products' documents are marked with the round and their batch (by
 * marketplace, then SKU, so a re-run marks the same way, since nothing is sent before all are
 * marked; each batch goes to the marketplace its products were looked up in before); the
 * batches are sent as {@code submit} sends, with receipts, so a re-run sends only the ones no
 * receipt lists.
 *
 * <pre>{@code
 * FailedRetry.Result r = client.retryFailed("spring-2026", SubmitProgress.NONE);
 * // r.products() failed products sent again in r.batches() batches, as round r.round()
 * }</pre>
 */
public final class FailedRetry {
  /**
   * What a retry did.
   *
   * @param round the retry round (1 for the first); 0 when there was nothing to retry
   * @param products the failed products the round sends (when resuming: those its unprocessed batches hold)
   * @param sent batches this run sent (fewer than {@code batches} when resuming)
   * @param resumed this run continued a round an earlier run started
   */
  public record Result(String catalogId, int round, long products, int batches, int sent, boolean resumed) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final MongoCollection<Document> products;
  private final BatchQueue queue;
  private final MessageCodec codec;
  private final Clock clock;

  public FailedRetry(DynamoDbClient dynamo, String table, MongoCollection<Document> products, BatchQueue queue,
      MessageCodec codec, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.products = products;
    this.queue = queue;
    this.codec = codec;
    this.clock = clock;
  }

  /** Retries the catalog's failed products; see the class comment. */
  public Result retry(String catalogId, SubmitProgress progress) {
    CatalogStatus status = new StatusReader(dynamo, table).read(catalogId);
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
        .key(key(catalogId, StatusTable.CATALOG_ITEM))).item();
    int round = (int) number(item, StatusTable.RETRY_ROUND);
    boolean resumed = round > 0 && !StatusTable.SUBMIT_SENT.equals(text(item, StatusTable.SUBMIT_STATE));
    Instant createdAt = Instant.parse(text(item, StatusTable.CREATED_AT));
    int batchSize = (int) number(item, StatusTable.BATCH_SIZE);
    int from;
    int to;
    boolean marked;
    if (resumed) {
      from = (int) number(item, StatusTable.RETRY_FROM);
      to = (int) number(item, StatusTable.TOTAL_BATCHES);
      marked = flag(item, StatusTable.RETRY_MARKED);
    } else {
      long failed = startable(catalogId, status, item);
      if (failed == 0) {
        return new Result(catalogId, 0, 0, 0, 0, false);
      }
      int total = (int) number(item, StatusTable.TOTAL_BATCHES);
      round++;
      from = total + 1;
      to = total + batchesOf(catalogId, batchSize);
      start(catalogId, createdAt, total, to, round);
      marked = false; // the start removes the mark of any earlier round
    }
    if (!marked) {
      mark(catalogId, round, from, batchSize);
    }
    long roundProducts = products.countDocuments(Filters.and(Filters.eq(ProductDocument.CATALOG_ID, catalogId),
        Filters.eq(ProductDocument.RETRY_ROUND, round)));
    int sent = send(catalogId, text(item, StatusTable.USER_ID), createdAt, options(item, round), from, to, progress);
    dynamo.updateItem(b -> b.tableName(table).key(key(catalogId, StatusTable.CATALOG_ITEM))
        .updateExpression("SET #ss = :sent, #upd = :now")
        .expressionAttributeNames(Map.of("#ss", StatusTable.SUBMIT_STATE, "#upd", StatusTable.UPDATED_AT))
        .expressionAttributeValues(Map.of(":sent", s(StatusTable.SUBMIT_SENT), ":now", s(clock.instant().toString()))));
    return new Result(catalogId, round, roundProducts, to - from + 1, sent, resumed);
  }

  /** The failed products to retry, after checking the catalog can take a round now; usage errors otherwise. */
  private long startable(String catalogId, CatalogStatus status, Map<String, AttributeValue> item) {
    String why = switch (status.state()) {
      case COMPLETED, COMPLETED_WITH_FAILURES -> null;
      case FAILED -> "it stopped past --max-failures (" + status.stoppedReason() + "); fix the cause and submit it"
          + " again with --force";
      case CANCELLED -> "it was cancelled; submit it again to enrich it";
      default -> "it is " + status.state() + ": retry-failed re-sends the failed products of a finished catalog"
          + " (enrich status " + catalogId + " --wait)";
    };
    if (why != null) {
      throw EnrichException.invalidInput("cannot retry catalog " + catalogId + ": " + why);
    }
    AttributeValue marketplaces = item.get(StatusTable.MARKETPLACES);
    if (marketplaces != null && marketplaces.hasL() && marketplaces.l().size() > 1
        && products.countDocuments(Filters.and(failedOf(catalogId), Filters.exists(ProductDocument.KEEPA_DOMAIN,
            false))) > 0) {
      throw EnrichException.invalidInput("cannot retry catalog " + catalogId + ": its rows name "
          + marketplaces.l().size() + " marketplaces, and its failed products were enriched before documents"
          + " recorded theirs; submit its failed rows again as a catalog of their own");
    }
    long failed = products.countDocuments(failedOf(catalogId));
    if (failed != status.failed()) {
      throw EnrichException.invalidInput(String.format(Locale.ROOT, "cannot retry catalog %s: MongoDB holds %,d"
          + " failed products of it, the status table counts %,d; retrying would not keep the counts exact",
          catalogId, failed, status.failed()));
    }
    return failed;
  }

  /** Starts round {@code round}: one conditional write, so two retries cannot start rounds together. */
  private void start(String catalogId, Instant createdAt, int total, int newTotal, int round) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(catalogId, StatusTable.CATALOG_ITEM))
          .updateExpression("SET #tb = :newTotal, #round = :round, #from = :from, #ss = :sending, #upd = :now"
              + " REMOVE #marked, #cstate, #cby, #cat, #cuntil, #cpub")
          .conditionExpression("#tb = :total AND #at = :at AND #ss = :sent"
              + " AND (attribute_not_exists(#round) OR #round = :previous)")
          .expressionAttributeNames(Map.ofEntries(Map.entry("#tb", StatusTable.TOTAL_BATCHES),
              Map.entry("#round", StatusTable.RETRY_ROUND), Map.entry("#from", StatusTable.RETRY_FROM),
              Map.entry("#ss", StatusTable.SUBMIT_STATE), Map.entry("#upd", StatusTable.UPDATED_AT),
              Map.entry("#marked", StatusTable.RETRY_MARKED), Map.entry("#cstate", StatusTable.COMPLETION_STATE),
              Map.entry("#cby", StatusTable.COMPLETION_CLAIMED_BY),
              Map.entry("#cat", StatusTable.COMPLETION_CLAIMED_AT),
              Map.entry("#cuntil", StatusTable.COMPLETION_CLAIM_UNTIL),
              Map.entry("#cpub", StatusTable.COMPLETION_PUBLISHED_AT), Map.entry("#at", StatusTable.CREATED_AT)))
          .expressionAttributeValues(Map.of(":newTotal", n(newTotal), ":round", n(round), ":from", n(total + 1L),
              ":sending", s("SENDING"), ":now", s(clock.instant().toString()), ":total", n(total),
              ":at", s(StatusTable.sortableTime(createdAt)), ":sent", s(StatusTable.SUBMIT_SENT),
              ":previous", n(round - 1L))));
    } catch (ConditionalCheckFailedException changed) {
      throw EnrichException.invalidInput("cannot retry catalog " + catalogId + ": it changed while the round"
          + " started (another retry-failed, or a new submission); run it again");
    }
  }

  /**
   * The failed products in the order they are batched: by the marketplace their batch looked them up
   * in (a batch goes to one marketplace), then by SKU.
   */
  private Iterable<Document> failedInBatchOrder(String catalogId) {
    return products.find(failedOf(catalogId))
        .projection(Projections.include(ProductDocument.SKU, ProductDocument.KEEPA_DOMAIN))
        .sort(Sorts.ascending(ProductDocument.KEEPA_DOMAIN, ProductDocument.SKU));
  }

  /** How many batches the failed products make: {@code batchSize} at most, one marketplace each. */
  private int batchesOf(String catalogId, int batchSize) {
    int batches = 0;
    int inBatch = 0;
    int domain = -1;
    for (Document d : failedInBatchOrder(catalogId)) {
      int own = domain(d);
      if (inBatch == batchSize || own != domain) {
        batches++;
        inBatch = 0;
        domain = own;
      }
      inBatch++;
    }
    return batches;
  }

  /** Marks every failed product's document with the round and its batch, cut as {@link #batchesOf} counts. */
  private void mark(String catalogId, int round, int from, int batchSize) {
    List<String> chunk = new ArrayList<>(batchSize);
    int number = from;
    int domain = -1;
    for (Document d : failedInBatchOrder(catalogId)) {
      int own = domain(d);
      if (!chunk.isEmpty() && (chunk.size() == batchSize || own != domain)) {
        markBatch(catalogId, round, StatusTable.batchId(number++), chunk);
        chunk.clear();
      }
      domain = own;
      chunk.add(d.getString(ProductDocument.SKU));
    }
    if (!chunk.isEmpty()) {
      markBatch(catalogId, round, StatusTable.batchId(number), chunk);
    }
    dynamo.updateItem(b -> b.tableName(table).key(key(catalogId, StatusTable.CATALOG_ITEM))
        .updateExpression("SET #marked = :true")
        .expressionAttributeNames(Map.of("#marked", StatusTable.RETRY_MARKED))
        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
  }

  private void markBatch(String catalogId, int round, String batchId, List<String> skus) {
    products.updateMany(Filters.and(Filters.eq(ProductDocument.CATALOG_ID, catalogId),
        Filters.in(ProductDocument.SKU, skus)),
        Updates.combine(Updates.set(ProductDocument.RETRY_ROUND, round), Updates.set(ProductDocument.RETRY_BATCH,
            batchId)));
  }

  /** Sends the round's batches no receipt lists, as {@code submit} sends: PENDING items, messages, receipts. */
  private int send(String catalogId, String userId, Instant createdAt, Map<String, String> options, int from, int to,
      SubmitProgress progress) {
    DynamoSubmitLedger ledger = new DynamoSubmitLedger(dynamo, table);
    Set<String> receipts = ledger.sentBatches(catalogId);
    int due = 0;
    for (int b = from; b <= to; b++) {
      due += receipts.contains(StatusTable.batchId(b)) ? 0 : 1;
    }
    progress.start(due, to - from + 1 - due);
    try (RoundSender sender = new RoundSender(ledger, queue, clock, catalogId, SubmitRequest.DEFAULT_SENDERS,
        progress)) {
      List<OutgoingMessage> round = new ArrayList<>();
      Map<String, Integer> pending = new LinkedHashMap<>();
      for (int b = from; b <= to; b++) {
        String id = StatusTable.batchId(b);
        if (receipts.contains(id)) {
          continue;
        }
        List<Product> batch = new ArrayList<>();
        int domain = 0;
        for (Document d : products.find(Filters.and(Filters.eq(ProductDocument.CATALOG_ID, catalogId),
            Filters.eq(ProductDocument.RETRY_BATCH, id))).sort(Sorts.ascending(ProductDocument.SKU))) {
          batch.add(product(d));
          domain = domain(d);
        }
        if (batch.isEmpty()) {
          continue; // a batch of a crashed run that the consumer already processed: its documents moved on
        }
        // The marketplace the products were looked up in before: a row's own, or the catalog's.
        Map<String, String> batchOptions = Marketplace.ofDomain(domain).map(m -> m.into(options)).orElse(options);
        String body = codec.write(BatchMessage.of(catalogId, id, userId, createdAt, batchOptions, batch));
        round.add(new OutgoingMessage(id, body, Map.of(MessageAttributeNames.CATALOG_ID, catalogId,
            MessageAttributeNames.BATCH_ID, id, MessageAttributeNames.SCHEMA_VERSION, BatchMessage.SCHEMA_VERSION)));
        pending.put(id, batch.size());
        if (round.size() == 10) {
          sender.submit(round, pending);
          round = new ArrayList<>();
          pending = new LinkedHashMap<>();
        }
      }
      if (!round.isEmpty()) {
        sender.submit(round, pending);
      }
      int sent = sender.awaitAll();
      progress.finish();
      return sent;
    }
  }

  /** The Keepa domain a document's batch named, 0 when it named none (the catalog's default applied). */
  private static int domain(Document d) {
    Number domain = d.get(ProductDocument.KEEPA_DOMAIN, Number.class);
    return domain == null ? 0 : domain.intValue();
  }

  private static Bson failedOf(String catalogId) {
    return Filters.and(Filters.eq(ProductDocument.CATALOG_ID, catalogId),
        Filters.eq(ProductDocument.STATUS, ProductDocument.FAILED));
  }

  /** The catalog's options, with the round number that makes the consumer count the batch as a retry. */
  private static Map<String, String> options(Map<String, AttributeValue> item, int round) {
    Map<String, String> options = new HashMap<>();
    AttributeValue stored = item.get(StatusTable.OPTIONS);
    if (stored != null && stored.hasM()) {
      stored.m().forEach((k, v) -> options.put(k, v.s() == null ? "" : v.s()));
    }
    options.put(StatusTable.RETRY_ROUND, Integer.toString(round));
    return options;
  }

  /** The product as it was submitted, from the input its document keeps. */
  static Product product(Document d) {
    Document input = d.get(ProductDocument.INPUT, Document.class);
    Map<String, String> attributes = new LinkedHashMap<>();
    Document stored = input == null ? null : input.get(ProductDocument.Input.ATTRIBUTES, Document.class);
    if (stored != null) {
      stored.forEach((k, v) -> attributes.put(k, v == null ? null : v.toString()));
    }
    Number line = d.get(ProductDocument.LINE, Number.class);
    return new Product(d.getString(ProductDocument.SKU), field(input, ProductDocument.Input.ASIN),
        field(input, ProductDocument.Input.UPC), field(input, ProductDocument.Input.EAN),
        field(input, ProductDocument.Input.GTIN), field(input, ProductDocument.Input.TITLE),
        field(input, ProductDocument.Input.BRAND), field(input, ProductDocument.Input.PRICE),
        line == null ? 0 : line.longValue(), attributes);
  }

  private static String field(Document d, String name) {
    Object v = d == null ? null : d.get(name);
    return v == null ? null : v.toString();
  }

}
