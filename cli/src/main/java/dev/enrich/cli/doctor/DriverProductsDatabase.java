package dev.enrich.cli.doctor;

import com.mongodb.client.MongoClient;
import dev.enrich.lambda.store.MongoProductStore;
import org.bson.Document;

/** {@link ProductsDatabase} through the MongoDB driver: listIndexes on the products collection. */
public final class DriverProductsDatabase implements ProductsDatabase {
  private final MongoClient mongo;
  private final String database;

  public DriverProductsDatabase(MongoClient mongo, String database) {
    this.mongo = mongo;
    this.database = database;
  }

  @Override
  public boolean hasUniqueIndex() {
    for (Document index : mongo.getDatabase(database).getCollection(MongoProductStore.COLLECTION).listIndexes()) {
      if (MongoProductStore.UNIQUE_INDEX.equals(index.getString("name")) && index.getBoolean("unique", false)) {
        return true;
      }
    }
    return false;
  }
}
