package dev.enrich.lambda.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.lambda.enrich.keepa.KeepaClient;
import dev.enrich.lambda.enrich.keepa.KeepaException;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RuntimeSecretTest {

  @Test
  void readsOnceAtStart_andAgainOnlyWhenRefreshed_sayingWhetherItChanged() {
    AtomicReference<String> stored = new AtomicReference<>("v1");
    AtomicInteger reads = new AtomicInteger();
    RuntimeSecret secret = new RuntimeSecret("test secret", () -> {
      reads.incrementAndGet();
      return stored.get();
    });

    assertEquals("v1", secret.value());
    assertEquals("v1", secret.value());
    assertEquals(1, reads.get(), "read when the function starts, not per use");
    assertFalse(secret.refresh(), "unchanged: a retry would be refused again");
    stored.set("v2");
    assertTrue(secret.refresh());
    assertEquals("v2", secret.value());
    assertEquals(3, reads.get());
  }

  @Test
  void keepaClient_readsARotatedKeyAfterARefusal_andRetriesOnce() throws Exception {
    AtomicReference<String> stored = new AtomicReference<>("the-old-key");
    AtomicInteger reads = new AtomicInteger();
    RuntimeSecret key = new RuntimeSecret("Keepa API key", () -> {
      reads.incrementAndGet();
      return stored.get();
    });
    try (KeepaStandIn keepa = KeepaStandIn.builder().key("the-new-key").initialTokens(100).refillRate(20).start()) {
      KeepaClient client = new KeepaClient(keepa.uri(), key, HttpClient.newHttpClient(), Duration.ofSeconds(5),
          Clock.systemUTC());
      // Not rotated yet: refused, read again, unchanged, refused.
      KeepaException refused = org.junit.jupiter.api.Assertions.assertThrows(KeepaException.class,
          () -> client.byAsin(1, List.of("B000000001")));
      assertEquals(401, refused.httpStatus());
      assertFalse(refused.getMessage().contains("the-old-key"), refused.getMessage());
      assertEquals(2, reads.get());

      stored.set("the-new-key"); // the rotation: Secrets Manager now holds the key Keepa takes
      assertEquals(1, client.byAsin(1, List.of("B000000001")).products().size());
      assertEquals(3, reads.get(), "one more read, at the first refusal after the rotation");
      assertEquals(1, client.byAsin(1, List.of("B000000002")).products().size());
      assertEquals(3, reads.get(), "the new key is kept");
    }
  }
}
