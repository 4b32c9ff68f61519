package dev.enrich.client.track;

import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.enrich.client.EnrichException;
import dev.enrich.contract.ProductDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads a catalog's products from the {@code products} collection with one cursor, in batches, so
 * memory stays flat however large the catalog. Ordered by SKU: the unique (catalog_id, sku) index
 * the consumer creates serves that sort, so MongoDB never sorts in memory either.
 */
public final class MongoProductSource implements ProductSource {
  /** Documents per round trip: a few MB at most, and few round trips for a large catalog. */
  static final int BATCH_SIZE = 1000;

  private final MongoCollection<Document> products;
  private final String servers;

  /** @param servers the hosts of the URI, for error messages (never the URI: it may hold a password) */
  public MongoProductSource(MongoCollection<Document> products, String servers) {
    this.products = products;
    this.servers = servers;
  }

  @Override
  public List<String> attributeKeys(String catalogId) {
    List<Bson> pipeline = List.of(
        // A plain document filter, so mongo-java-server (the local stack) uses the index too.
        Aggregates.match(new Document(ProductDocument.CATALOG_ID, catalogId)
            .append("input.attributes", new Document("$exists", true))),
        Aggregates.project(new Document("_id", 0)
            .append("k", new Document("$objectToArray", "$" + ProductDocument.INPUT + "." + ProductDocument.Input.ATTRIBUTES))),
        Aggregates.unwind("$k"),
        Aggregates.group("$k.k"),
        Aggregates.sort(Sorts.ascending("_id")));
    return read("reading the attribute names of catalog " + catalogId, () -> products.aggregate(pipeline)
        .allowDiskUse(true)
        .map(d -> d.getString("_id"))
        .into(new ArrayList<>()));
  }

  @Override
  public Cursor open(String catalogId) {
    String what = "reading the products of catalog " + catalogId;
    MongoCursor<Document> cursor = read(what, () -> products.find(new Document(ProductDocument.CATALOG_ID, catalogId))
        .sort(Sorts.ascending(ProductDocument.SKU))
        .projection(Projections.excludeId())
        .batchSize(BATCH_SIZE)
        .cursor());
    return new Cursor() {
      @Override
      public boolean hasNext() {
        return read(what, cursor::hasNext);
      }

      @Override
      public Document next() {
        return read(what, cursor::next);
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }

  private <T> T read(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (MongoSecurityException e) {
      throw EnrichException.remote("MongoDB at " + servers + " refused the credentials of the URI while " + what, e);
    } catch (MongoTimeoutException | MongoSocketException e) {
      throw EnrichException.remote("cannot reach MongoDB at " + servers + " while " + what
          + " (check --mongodb-uri or MONGODB_URI)", e);
    } catch (MongoException e) {
      throw EnrichException.remote("MongoDB failed while " + what + ": " + e.getMessage(), e);
    }
  }
}
