package dev.enrich.lambda.store;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.enrich.lambda.contract.Product;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MarketData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;

/**
 * The {@code products} collection: one document per (catalog_id, sku), replaced whole on every
 * delivery so that duplicates and retries leave exactly one, current document.
 */
public final class MongoProductStore implements ProductStore {
  public static final String COLLECTION = "products";
  public static final String UNIQUE_INDEX = "catalog_sku_unique";

  private final MongoCollection<Document> products;
  private final Clock clock;

  public MongoProductStore(MongoCollection<Document> products, Clock clock) {
    this.products = products;
    this.clock = clock;
  }

  /** Creates the unique (catalog_id, sku) index; idempotent. */
  public void ensureIndexes() {
    try {
      products.createIndex(
          Indexes.ascending("catalog_id", "sku"), new IndexOptions().unique(true).name(UNIQUE_INDEX));
    } catch (MongoException e) {
      throw new StoreUnavailableException("MongoDB: cannot create the products index: " + e.getMessage(), e);
    }
  }

  @Override
  public void upsert(String catalogId, String batchId, List<EnrichmentResult> results) {
    if (results.isEmpty()) {
      return;
    }
    Date now = Date.from(clock.instant());
    List<WriteModel<Document>> writes = new ArrayList<>(results.size());
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    for (EnrichmentResult r : results) {
      writes.add(
          new ReplaceOneModel<>(
              // A plain two-field document, not Filters.and ($and): equal on MongoDB, and the only
              // form mongo-java-server (the local stack) answers from the unique index instead of a scan.
              new Document("catalog_id", catalogId).append("sku", r.product().sku()),
              toDocument(catalogId, batchId, r, now),
              upsert));
    }
    for (int attempt = 1; ; attempt++) {
      try {
        // Replace-upserts are idempotent, so a write retried after a lost acknowledgement is harmless.
        products.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        return;
      } catch (MongoSocketException | MongoTimeoutException e) {
        if (attempt >= WRITE_ATTEMPTS) {
          throw new StoreUnavailableException("MongoDB: upsert of batch " + batchId + " failed " + attempt
              + " times: " + e.getClass().getSimpleName(), e);
        }
        pause(attempt);
      } catch (MongoException e) {
        throw new StoreUnavailableException(
            "MongoDB: upsert of batch " + batchId + " failed: " + e.getClass().getSimpleName(), e);
      }
    }
  }

  /** Connection trouble is retried this often, with jittered backoff, before the record fails. */
  static final int WRITE_ATTEMPTS = 3;

  private static void pause(int attempt) {
    long ceiling = 250L << (attempt - 1);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("MongoDB: interrupted while retrying", e);
    }
  }

  /**
   * The stored shape of one product, public because {@code enrich export} reads it back and its
   * tests build documents the way the consumer writes them.
   */
  public static Document toDocument(String catalogId, String batchId, EnrichmentResult r, Date now) {
    Product p = r.product();
    Document input = new Document();
    putIfPresent(input, "asin", p.asin());
    putIfPresent(input, "upc", p.upc());
    putIfPresent(input, "ean", p.ean());
    putIfPresent(input, "gtin", p.gtin());
    putIfPresent(input, "title", p.title());
    putIfPresent(input, "brand", p.brand());
    putIfPresent(input, "price", p.price());
    if (!p.attributes().isEmpty()) {
      input.put("attributes", new Document(new java.util.LinkedHashMap<>(p.attributes())));
    }
    Document doc =
        new Document("catalog_id", catalogId)
            .append("sku", p.sku())
            .append("batch_id", batchId)
            .append("line", p.line())
            .append("input", input)
            .append("status", r.enriched() ? "ENRICHED" : "FAILED")
            .append("source", r.source())
            .append("enriched_at", now);
    if (r.reason() != null) {
      doc.append("reason", r.reason());
    }
    if (r.data() != null) {
      doc.append("data", marketDocument(r.data()));
    }
    return doc;
  }

  private static Document marketDocument(MarketData m) {
    Document d = new Document();
    putIfPresent(d, "asin", m.asin());
    putIfPresent(d, "title", m.title());
    putIfPresent(d, "brand", m.brand());
    putIfPresent(d, "manufacturer", m.manufacturer());
    d.put("categories", m.categories());
    putIfPresent(d, "amazon_price_cents", m.amazonPriceCents());
    putIfPresent(d, "new_price_cents", m.newPriceCents());
    putIfPresent(d, "used_price_cents", m.usedPriceCents());
    putIfPresent(d, "buy_box_price_cents", m.buyBoxPriceCents());
    putIfPresent(d, "sales_rank", m.salesRank());
    d.put("images", m.images());
    d.put("eans", m.eans());
    d.put("upcs", m.upcs());
    if (m.lastUpdate() != null) {
      d.put("last_update", Date.from(m.lastUpdate()));
    }
    return d;
  }

  private static void putIfPresent(Document d, String key, Object value) {
    if (value != null) {
      d.put(key, value);
    }
  }
}
