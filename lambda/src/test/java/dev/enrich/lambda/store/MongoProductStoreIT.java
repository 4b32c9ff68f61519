package dev.enrich.lambda.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real MongoDB wire-protocol server (mongo-java-server) on loopback. */
class MongoProductStoreIT {
  private MongoServer server;
  private MongoClient client;
  private MongoCollection<Document> products;
  private MongoProductStore store;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    InetSocketAddress address = server.bind();
    client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    products = client.getDatabase("enrich").getCollection(MongoProductStore.COLLECTION);
    store = new MongoProductStore(products, Clock.systemUTC());
    store.ensureIndexes();
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void upsert_twice_leavesOneDocumentPerSku() {
    MockProvider mock = new MockProvider(Clock.systemUTC());
    List<Product> batch = List.of(
        new Product("A", "B000000001", null, null, null, "t", "b", "1.00", 2, Map.of("color", "red")),
        new Product("B", null, "036000291452", null, null, null, null, null, 3, Map.of()));
    List<EnrichmentResult> results = mock.enrich(batch, Map.of());
    store.upsert("cat", "B#000001", results);
    store.upsert("cat", "B#000001", results);
    store.ensureIndexes();

    assertEquals(2, products.countDocuments(Filters.eq("catalog_id", "cat")));
    Document a = products.find(Filters.and(Filters.eq("catalog_id", "cat"), Filters.eq("sku", "A"))).first();
    assertEquals("ENRICHED", a.getString("status"));
    assertEquals("mock", a.getString("source"));
    assertEquals("red", a.get("input", Document.class).get("attributes", Document.class).getString("color"));
    assertEquals("B000000001", a.get("data", Document.class).getString("asin"));
  }

  @Test
  void uniqueIndex_refusesASecondDocumentForTheSameSku() {
    products.insertOne(new Document("catalog_id", "cat").append("sku", "X"));
    assertThrows(MongoWriteException.class,
        () -> products.insertOne(new Document("catalog_id", "cat").append("sku", "X")));
  }
}
