package dev.enrich.lambda.enrich.keepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.lambda.enrich.MarketData;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepaProductParserTest {
  private static JsonNode products() throws IOException {
    try (InputStream in = KeepaProductParserTest.class.getResourceAsStream("/keepa/product-response.json")) {
      return new ObjectMapper().readTree(in).get("products");
    }
  }

  @Test
  void parse_readsWhatASellerNeeds() throws IOException {
    MarketData stove = KeepaProductParser.parse(products().get(0));
    assertNotNull(stove);
    assertEquals("B07BWW3H8S", stove.asin());
    assertEquals("Backpacking Stove, Canister", stove.title());
    assertEquals("Alder & Stone", stove.brand());
    assertEquals("Alder and Stone Outdoor Co.", stove.manufacturer());
    assertEquals(List.of("Sports & Outdoors", "Camping & Hiking", "Camp Kitchen"), stove.categories());
    assertEquals(7449L, stove.amazonPriceCents());
    assertEquals(6999L, stove.newPriceCents());
    assertEquals(5200L, stove.usedPriceCents());
    assertEquals(1843L, stove.salesRank());
    assertEquals(7449L, stove.buyBoxPriceCents(), "index 18 of stats.current");
    assertEquals(2, stove.images().size());
    assertTrue(stove.images().get(0).endsWith("/41Xk2pQ9LmL.jpg"), stove.images().toString());
    assertEquals(List.of("0638049364038"), stove.eans());
    assertEquals(List.of("638049364038"), stove.upcs());
    // (8,111,820 + 21,564,000) minutes x 60,000 ms
    assertEquals(Instant.ofEpochMilli((8_111_820L + 21_564_000L) * 60_000L), stove.lastUpdate());
  }

  @Test
  void parse_minusOneAndMissingIndexesAreNoPrice() throws IOException {
    MarketData jacket = KeepaProductParser.parse(products().get(1));
    assertNull(jacket.amazonPriceCents());
    assertEquals(22695L, jacket.newPriceCents());
    assertNull(jacket.salesRank());
    assertNull(jacket.buyBoxPriceCents(), "stats.current shorter than 19 entries");
    assertNull(jacket.lastUpdate(), "lastUpdate 0 is unknown");
    assertTrue(jacket.images().isEmpty());
  }

  @Test
  void invalidProductType_isAFailureWithAReason() throws IOException {
    JsonNode invalid = products().get(2);
    assertNull(KeepaProductParser.parse(invalid));
    assertTrue(KeepaProductParser.whyNot(invalid).contains("INVALID"), KeepaProductParser.whyNot(invalid));
  }
}
