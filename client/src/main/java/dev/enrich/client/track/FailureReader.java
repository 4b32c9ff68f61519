package dev.enrich.client.track;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.output.BatchPage;
import dev.enrich.contract.output.FailureReport;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Reads what failed in a catalog: the failing batches named by the progress shards (then fetched
 * by key, so the cost follows the failures, not the catalog), and the failed products in MongoDB.
 */
public final class FailureReader {
  private final DynamoDbClient dynamo;
  private final String table;
  private final MongoCollection<Document> products;

  /** {@code products} may be null (no MongoDB configured): only batches are reported. */
  public FailureReader(DynamoDbClient dynamo, String table, MongoCollection<Document> products) {
    this.dynamo = dynamo;
    this.table = table;
    this.products = products;
  }

  public FailureReport read(String catalogId, int limit) {
    List<String> failing = new StatusReader(dynamo, table).failingBatchIds(catalogId);
    List<BatchItems.Key> wanted = failing.subList(0, Math.min(limit, failing.size())).stream()
        .map(id -> new BatchItems.Key(catalogId, id)).toList();
    List<BatchPage.Batch> batches = new ArrayList<>();
    BatchItems.get(dynamo, table, wanted, false).forEach(item -> batches.add(BatchLister.batch(item)));
    batches.sort((a, b) -> a.batchId().compareTo(b.batchId()));
    if (products == null) {
      return new FailureReport(catalogId, batches, List.of(), null);
    }
    Bson filter = Filters.and(Filters.eq(ProductDocument.CATALOG_ID, catalogId),
        Filters.eq(ProductDocument.STATUS, ProductDocument.FAILED));
    List<FailureReport.FailedProduct> failed = new ArrayList<>();
    for (Document d : products.find(filter)
        .projection(Projections.include(ProductDocument.SKU, ProductDocument.LINE, ProductDocument.BATCH_ID,
            ProductDocument.REASON))
        .sort(Sorts.ascending(ProductDocument.LINE))
        .limit(limit)) {
      Number line = d.get(ProductDocument.LINE, Number.class);
      failed.add(new FailureReport.FailedProduct(d.getString(ProductDocument.SKU), line == null ? 0 : line.longValue(),
          d.getString(ProductDocument.BATCH_ID), d.getString(ProductDocument.REASON)));
    }
    return new FailureReport(catalogId, batches, failed, products.countDocuments(filter));
  }
}
