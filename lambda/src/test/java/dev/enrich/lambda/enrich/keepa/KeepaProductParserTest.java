package dev.enrich.lambda.enrich.keepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enrich.contract.MarketData;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser against product objects written from Keepa's product-object documentation and its Java
 * client's {@code Product} ({@code images}, {@code productType}, {@code variations}/{@code variationCSV}).
 * {@code product-response.json} is an older answer, with {@code imagesCSV} instead of {@code images}.
 */
class KeepaProductParserTest {
  private static JsonNode products() throws IOException {
    return products("product-response.json");
  }

  private static JsonNode products(String fixture) throws IOException {
    try (InputStream in = KeepaProductParserTest.class.getResourceAsStream("/keepa/" + fixture)) {
      return new ObjectMapper().readTree(in).get("products");
    }
  }

  @Test
  void images_comeFromTheImagesArray_largeFiles_mediumWhereThereIsNoLarge() throws IOException {
    MarketData bottle = KeepaProductParser.parse(products("standard-product.json").get(0));
    assertNotNull(bottle);
    assertEquals(List.of("https://m.media-amazon.com/images/I/71qZb3xR8eL.jpg",
        "https://m.media-amazon.com/images/I/81hT0vWk2pL.jpg",
        "https://m.media-amazon.com/images/I/51mOnlyMed9L.jpg"), bottle.images());
    assertEquals("Insulated Water Bottle, 32 oz, Stainless Steel", bottle.title());
    assertEquals(2299L, bottle.newPriceCents());
    assertEquals(412L, bottle.salesRank());
    assertEquals(2299L, bottle.buyBoxPriceCents());
    assertEquals(List.of("850027462319"), bottle.upcs());
  }

  @Test
  void images_fallBackToImagesCsv_onlyWhenTheArrayIsAbsent() throws IOException {
    ObjectNode both = (ObjectNode) products("standard-product.json").get(0).deepCopy();
    both.put("imagesCSV", "11legacyAAL.jpg");
    assertEquals(3, KeepaProductParser.images(both).size(), "the array wins");
    both.putNull("images");
    assertEquals(List.of("https://m.media-amazon.com/images/I/11legacyAAL.jpg"), KeepaProductParser.images(both),
        "null is Keepa's 'no image data'");
  }

  @Test
  void variationParent_failsNamingThreeChildren_andSaysToSubmitThem() throws IOException {
    JsonNode socks = products("variation-parents.json").get(0);
    assertNull(KeepaProductParser.parse(socks));
    String reason = KeepaProductParser.whyNot(socks);
    assertTrue(reason.startsWith("ASIN B0D1PARNT5 is a variation parent"), reason);
    assertTrue(reason.contains("submit its variations instead, e.g. B0D1CHLD01, B0D1CHLD02, B0D1CHLD03 and 2 more"),
        reason);
    assertFalse(reason.contains("B0D1CHLD04"), reason);
  }

  @Test
  void variationParent_withOnlyTheOlderVariationCsv_namesItsChildren() throws IOException {
    JsonNode gaiters = products("variation-parents.json").get(1);
    assertNull(KeepaProductParser.parse(gaiters));
    String reason = KeepaProductParser.whyNot(gaiters);
    assertTrue(reason.endsWith("e.g. B0D2CHLD01, B0D2CHLD02"), reason);
  }

  @Test
  void hiddenPrice_failsWithTheMapReason_evenWithATitle() throws IOException {
    JsonNode headphones = products("hidden-price.json").get(0);
    assertNull(KeepaProductParser.parse(headphones));
    String reason = KeepaProductParser.whyNot(headphones);
    assertTrue(reason.startsWith("ASIN B0E3MAPHID hides its price (minimum advertised price, MAP)"), reason);
    assertTrue(reason.contains("Amazon cart"), reason);
  }

  @Test
  void ebooksAndDownloads_failSayingWhatToSubmitInstead() throws IOException {
    JsonNode ebook = products("ebook-and-download.json").get(0);
    JsonNode download = products("ebook-and-download.json").get(1);
    assertNull(KeepaProductParser.parse(ebook));
    assertNull(KeepaProductParser.parse(download));
    assertTrue(KeepaProductParser.whyNot(ebook).contains("is an e-book"), KeepaProductParser.whyNot(ebook));
    assertTrue(KeepaProductParser.whyNot(ebook).contains("print edition"), KeepaProductParser.whyNot(ebook));
    assertTrue(KeepaProductParser.whyNot(download).contains("is a digital download"),
        KeepaProductParser.whyNot(download));
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
    assertTrue(KeepaProductParser.whyNot(invalid).contains("B0INVALID1"), KeepaProductParser.whyNot(invalid));
  }
}
