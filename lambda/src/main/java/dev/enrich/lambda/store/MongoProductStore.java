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
import dev.enrich.contract.Fingerprint;
import dev.enrich.contract.MarketData;
import dev.enrich.contract.Product;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.ProductDocument.Data;
import dev.enrich.contract.ProductDocument.Input;
import dev.enrich.lambda.enrich.EnrichmentResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;

/**
 * The {@code products} collection: one document per (catalog_id, sku), replaced whole on every
 * delivery so that duplicates and retries leave exactly one, current document.
 */
public final class MongoProductStore implements ProductStore {
  public static final String COLLECTION = ProductDocument.COLLECTION;
  public static final String UNIQUE_INDEX = ProductDocument.UNIQUE_INDEX;

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
          Indexes.ascending(ProductDocument.CATALOG_ID, ProductDocument.SKU), new IndexOptions().unique(true).name(UNIQUE_INDEX));
    } catch (MongoException e) {
      throw new StoreUnavailableException("MongoDB: cannot create the products index: " + e.getMessage(), e);
    }
  }

  @Override
  public void upsert(String catalogId, String batchId, List<EnrichmentResult> results) {
    upsert(catalogId, batchId, Map.of(), results);
  }

  @Override
  public void upsert(String catalogId, String batchId, Map<String, String> options, List<EnrichmentResult> results) {
    if (results.isEmpty()) {
      return;
    }
    Date now = Date.from(clock.instant());
    List<WriteModel<Document>> writes = new ArrayList<>(results.size());
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    int keepaDomain = Fingerprint.domain(options);
    for (EnrichmentResult r : results) {
      writes.add(
          new ReplaceOneModel<>(
              // A plain two-field document, not Filters.and ($and): equal on MongoDB, and the only
              // form mongo-java-server (the local stack) answers from the unique index instead of a scan.
              new Document(ProductDocument.CATALOG_ID, catalogId).append(ProductDocument.SKU, r.product().sku()),
              toDocument(catalogId, batchId, r, now, keepaDomain),
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
    return toDocument(catalogId, batchId, r, now, 0);
  }

  /**
   * The stored shape of one product of a batch looked up in Keepa domain {@code keepaDomain} (0: the
   * consumer's default), with the product's {@link Fingerprint} for {@code submit --incremental}.
   */
  public static Document toDocument(String catalogId, String batchId, EnrichmentResult r, Date now, int keepaDomain) {
    Product p = r.product();
    Document input = new Document();
    putIfPresent(input, Input.ASIN, p.asin());
    putIfPresent(input, Input.UPC, p.upc());
    putIfPresent(input, Input.EAN, p.ean());
    putIfPresent(input, Input.GTIN, p.gtin());
    putIfPresent(input, Input.TITLE, p.title());
    putIfPresent(input, Input.BRAND, p.brand());
    putIfPresent(input, Input.PRICE, p.price());
    if (!p.attributes().isEmpty()) {
      input.put(Input.ATTRIBUTES, new Document(new java.util.LinkedHashMap<>(p.attributes())));
    }
    Document doc =
        new Document(ProductDocument.CATALOG_ID, catalogId)
            .append(ProductDocument.SKU, p.sku())
            .append(ProductDocument.BATCH_ID, batchId)
            .append(ProductDocument.LINE, p.line())
            .append(ProductDocument.INPUT, input)
            .append(ProductDocument.STATUS, r.enriched() ? ProductDocument.ENRICHED : ProductDocument.FAILED)
            .append(ProductDocument.SOURCE, r.source())
            .append(ProductDocument.ENRICHED_AT, now)
            .append(ProductDocument.FINGERPRINT, Fingerprint.of(p, keepaDomain));
    if (keepaDomain > 0) {
      doc.append(ProductDocument.KEEPA_DOMAIN, keepaDomain);
    }
    if (r.reason() != null) {
      doc.append(ProductDocument.REASON, r.reason());
    }
    if (r.data() != null) {
      doc.append(ProductDocument.DATA, marketDocument(r.data()));
    }
    return doc;
  }

  private static Document marketDocument(MarketData m) {
    Document d = new Document();
    putIfPresent(d, Data.ASIN, m.asin());
    putIfPresent(d, Data.TITLE, m.title());
    putIfPresent(d, Data.BRAND, m.brand());
    putIfPresent(d, Data.MANUFACTURER, m.manufacturer());
    d.put(Data.CATEGORIES, m.categories());
    putIfPresent(d, Data.AMAZON_PRICE_CENTS, m.amazonPriceCents());
    putIfPresent(d, Data.NEW_PRICE_CENTS, m.newPriceCents());
    putIfPresent(d, Data.USED_PRICE_CENTS, m.usedPriceCents());
    putIfPresent(d, Data.BUY_BOX_PRICE_CENTS, m.buyBoxPriceCents());
    putIfPresent(d, Data.SALES_RANK, m.salesRank());
    d.put(Data.IMAGES, m.images());
    d.put(Data.EANS, m.eans());
    d.put(Data.UPCS, m.upcs());
    if (m.lastUpdate() != null) {
      d.put(Data.LAST_UPDATE, Date.from(m.lastUpdate()));
    }
    return d;
  }

  private static void putIfPresent(Document d, String key, Object value) {
    if (value != null) {
      d.put(key, value);
    }
  }
}
