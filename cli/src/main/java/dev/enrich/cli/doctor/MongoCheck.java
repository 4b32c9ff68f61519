package dev.enrich.cli.doctor;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.enrich.contract.output.CheckResult;
import dev.enrich.lambda.store.MongoProductStore;

/**
 * MongoDB: reachable, the login accepted, and the products collection's unique
 * {@code (catalog_id, sku)} index present: without it a redelivered batch could insert a product
 * twice. The consumer creates it at start ({@link MongoProductStore#ensureIndexes()}).
 */
public final class MongoCheck implements Check {
  static final String NAME = "mongodb";

  private final ProductsDatabase products;
  private final String servers;

  /** @param products null when no MongoDB URI is configured; @param servers hosts only, never credentials */
  public MongoCheck(ProductsDatabase products, String servers) {
    this.products = products;
    this.servers = servers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult run() {
    if (products == null) {
      return CheckResult.skip(NAME, "no MongoDB URI configured here (MONGODB_URI); export and status --failures "
          + "need one");
    }
    boolean indexed;
    try {
      indexed = products.hasUniqueIndex();
    } catch (MongoSecurityException e) {
      return CheckResult.fail(NAME, servers + ": login refused",
          "check the user, password and authSource in the MongoDB URI");
    } catch (MongoTimeoutException | MongoSocketException e) {
      return CheckResult.unreachable(NAME, servers + ": not reachable (" + e.getClass().getSimpleName() + ")",
          "check the host, the network (VPC, IP access list) and TLS options in the URI");
    }
    if (!indexed) {
      return CheckResult.fail(NAME, servers + ": collection " + MongoProductStore.COLLECTION + " has no unique index "
              + MongoProductStore.UNIQUE_INDEX,
          "the consumer creates it when it starts; or: db." + MongoProductStore.COLLECTION
              + ".createIndex({catalog_id: 1, sku: 1}, {unique: true, name: \"" + MongoProductStore.UNIQUE_INDEX
              + "\"})");
    }
    return CheckResult.pass(NAME, servers + ": connected, collection " + MongoProductStore.COLLECTION
        + " has unique index " + MongoProductStore.UNIQUE_INDEX);
  }
}
