package dev.enrich.client.submit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import dev.enrich.contract.ProductDocument;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.Document;

/**
 * {@link ProductHistory} on the consumer's {@code products} collection. Both calls are one range of
 * the unique {@code (catalog_id, sku)} index: the documents of one catalog, in SKU order, four
 * fields each. Deletes name one document each by that key, in bulk, so they use the index on
 * MongoDB and on the local stack's server alike.
 */
public final class MongoProductHistory implements ProductHistory {
  /** Documents per cursor batch, and deletes per bulk write. */
  static final int CHUNK = 1_000;

  private final MongoCollection<Document> products;

  public MongoProductHistory(MongoCollection<Document> products) {
    this.products = products;
  }

  @Override
  public Stream<Stored> inSkuOrder(String catalogId) {
    MongoCursor<Document> cursor = products.find(new Document(ProductDocument.CATALOG_ID, catalogId))
        .projection(Projections.fields(Projections.include(ProductDocument.SKU, ProductDocument.FINGERPRINT,
            ProductDocument.STATUS, ProductDocument.ENRICHED_AT), Projections.excludeId()))
        .sort(Sorts.ascending(ProductDocument.SKU))
        .batchSize(CHUNK)
        .iterator();
    Spliterator<Document> documents = Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED);
    return StreamSupport.stream(documents, false).onClose(cursor::close).map(MongoProductHistory::stored);
  }

  private static Stored stored(Document d) {
    Object at = d.get(ProductDocument.ENRICHED_AT);
    return new Stored(d.getString(ProductDocument.SKU), d.get(ProductDocument.FINGERPRINT) instanceof String f ? f : null,
        ProductDocument.ENRICHED.equals(d.getString(ProductDocument.STATUS)),
        at instanceof Date date ? date.toInstant() : null);
  }

  @Override
  public long removeAbsent(String catalogId, Predicate<String> kept) {
    long deleted = 0;
    List<WriteModel<Document>> deletes = new ArrayList<>();
    try (MongoCursor<Document> cursor = products.find(new Document(ProductDocument.CATALOG_ID, catalogId))
        .projection(Projections.fields(Projections.include(ProductDocument.SKU), Projections.excludeId()))
        .batchSize(CHUNK)
        .iterator()) {
      while (cursor.hasNext()) {
        String sku = cursor.next().getString(ProductDocument.SKU);
        if (sku != null && !kept.test(sku)) {
          // The plain two-field filter, as the consumer's upserts use: the index answers it everywhere.
          deletes.add(new DeleteOneModel<>(new Document(ProductDocument.CATALOG_ID, catalogId)
              .append(ProductDocument.SKU, sku)));
        }
        if (deletes.size() == CHUNK) {
          deleted += products.bulkWrite(deletes).getDeletedCount();
          deletes.clear();
        }
      }
    }
    if (!deletes.isEmpty()) {
      deleted += products.bulkWrite(deletes).getDeletedCount();
    }
    return deleted;
  }
}
