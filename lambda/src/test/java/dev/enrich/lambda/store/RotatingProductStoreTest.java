package dev.enrich.lambda.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import dev.enrich.lambda.secrets.RuntimeSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RotatingProductStoreTest {
  /** A connection whose store accepts only the password {@code accepted} holds when it writes. */
  private final AtomicReference<String> accepted = new AtomicReference<>("p1");
  private final AtomicReference<String> stored = new AtomicReference<>("mongodb://u:p1@h");
  private final List<String> connected = new ArrayList<>();
  private final List<String> closed = new ArrayList<>();
  private final List<String> written = new ArrayList<>();

  private RotatingProductStore store() {
    return new RotatingProductStore(new RuntimeSecret("MongoDB connection string", stored::get), uri -> {
      connected.add(uri);
      return new RotatingProductStore.Connection() {
        @Override
        public ProductStore store() {
          return (catalogId, batchId, results) -> {
            if (!uri.contains(":" + accepted.get() + "@")) {
              throw new StoreUnavailableException("MongoDB: upsert failed: MongoSecurityException",
                  new MongoSecurityException(MongoCredential.createCredential("u", "admin", "x".toCharArray()),
                      "Exception authenticating"));
            }
            written.add(batchId + " via " + uri);
          };
        }

        @Override
        public void close() {
          closed.add(uri);
        }
      };
    });
  }

  @Test
  void aRotatedPassword_isReadAgain_reconnected_andTheWriteRetriedOnce() {
    RotatingProductStore store = store();
    store.upsert("c", "B#000001", List.of());

    accepted.set("p2"); // MongoDB's password rotated...
    stored.set("mongodb://u:p2@h"); // ...and the secret with it
    store.upsert("c", "B#000002", List.of());

    assertEquals(List.of("B#000001 via mongodb://u:p1@h", "B#000002 via mongodb://u:p2@h"), written);
    assertEquals(List.of("mongodb://u:p1@h", "mongodb://u:p2@h"), connected);
    assertEquals(List.of("mongodb://u:p1@h"), closed, "the refused connection is closed");
  }

  @Test
  void aRefusalWithTheSecretUnchanged_failsTheBatch_withoutReconnecting() {
    RotatingProductStore store = store();
    accepted.set("p2"); // rotated in MongoDB, not yet in the secret

    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> store.upsert("c", "B#000001", List.of()));

    assertTrue(RotatingProductStore.refused(e));
    assertEquals(List.of("mongodb://u:p1@h"), connected);
    assertEquals(List.of(), written);
  }

  @Test
  void anUnreachableMongo_isNotARefusal_andDoesNotReadTheSecret() {
    StoreUnavailableException unreachable = new StoreUnavailableException("MongoDB: timed out",
        new MongoSocketOpenException("refused", new ServerAddress("h")));
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    RuntimeSecret secret = new RuntimeSecret("uri", () -> {
      reads.incrementAndGet();
      return "mongodb://h";
    });
    assertTrue(!RotatingProductStore.refused(unreachable));
    RotatingProductStore store = new RotatingProductStore(secret, uri ->
        new RotatingProductStore.Connection() {
          @Override
          public ProductStore store() {
            return (c, b, r) -> {
              throw unreachable;
            };
          }

          @Override
          public void close() {}
        });
    assertSame(unreachable, assertThrows(StoreUnavailableException.class, () -> store.upsert("c", "B", List.of())));
    assertEquals(1, reads.get(), "read at start only: an outage is not a rotation");
  }
}
