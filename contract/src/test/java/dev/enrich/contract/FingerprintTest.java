package dev.enrich.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static Product knife(String title, String price, Map<String, String> attributes) {
    return new Product("KIT-0001", "B000000001", "036000291452", null, null, title, "Hollbrook", price, 7, attributes);
  }

  private static final Product KNIFE = knife("Chef's Knife", "49.99", Map.of("color", "black", "size", "8in"));

  @Test
  void sameProduct_sameFingerprint_acrossCallsAndLines() {
    String fp = Fingerprint.of(KNIFE, 1);
    assertEquals(22, fp.length(), "128 bits as unpadded base64");
    assertTrue(fp.matches("[A-Za-z0-9_-]{22}"), fp);
    assertEquals(fp, Fingerprint.of(knife("Chef's Knife", "49.99", Map.of("color", "black", "size", "8in")), 1));
    Product movedDown = new Product(KNIFE.sku(), KNIFE.asin(), KNIFE.upc(), null, null, KNIFE.title(), KNIFE.brand(),
        KNIFE.price(), 9_999, KNIFE.attributes());
    assertEquals(fp, Fingerprint.of(movedDown, 1), "the line is not part of the lookup");
  }

  @Test
  void attributeOrder_doesNotMatter() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("color", "black");
    one.put("size", "8in");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("size", "8in");
    other.put("color", "black");
    assertEquals(Fingerprint.of(knife("t", "1.00", one), 1), Fingerprint.of(knife("t", "1.00", other), 1));
  }

  @Test
  void everyRelevantField_changesIt() {
    String fp = Fingerprint.of(KNIFE, 1);
    assertNotEquals(fp, Fingerprint.of(knife("Chef's Knife 2", "49.99", KNIFE.attributes()), 1), "title");
    assertNotEquals(fp, Fingerprint.of(knife("Chef's Knife", "49.98", KNIFE.attributes()), 1), "price");
    assertNotEquals(fp, Fingerprint.of(knife("Chef's Knife", "49.99", Map.of("color", "red", "size", "8in")), 1),
        "an attribute's value");
    assertNotEquals(fp, Fingerprint.of(knife("Chef's Knife", "49.99", Map.of("color", "black")), 1),
        "an attribute less");
    assertNotEquals(fp, Fingerprint.of(KNIFE, 3), "the marketplace");
    assertNotEquals(fp, Fingerprint.of(new Product("KIT-0002", KNIFE.asin(), KNIFE.upc(), null, null, KNIFE.title(),
        KNIFE.brand(), KNIFE.price(), 7, KNIFE.attributes()), 1), "the SKU");
    assertNotEquals(fp, Fingerprint.of(new Product(KNIFE.sku(), "B000000002", KNIFE.upc(), null, null, KNIFE.title(),
        KNIFE.brand(), KNIFE.price(), 7, KNIFE.attributes()), 1), "the ASIN");
    assertNotEquals(fp, Fingerprint.of(new Product(KNIFE.sku(), KNIFE.asin(), KNIFE.upc(), null, null, KNIFE.title(),
        null, KNIFE.price(), 7, KNIFE.attributes()), 1), "a brand removed");
  }

  @Test
  void fieldsDoNotRunIntoEachOther() {
    // Title "ab" + brand "c" must not equal title "a" + brand "bc", nor a missing brand an empty one.
    Product ab = new Product("S", "B000000001", null, null, null, "ab", "c", null, 1, Map.of());
    Product a = new Product("S", "B000000001", null, null, null, "a", "bc", null, 1, Map.of());
    assertNotEquals(Fingerprint.of(ab, 0), Fingerprint.of(a, 0));
    Product noBrand = new Product("S", "B000000001", null, null, null, "t", null, null, 1, Map.of());
    Product emptyBrand = new Product("S", "B000000001", null, null, null, "t", "", null, 1, Map.of());
    assertNotEquals(Fingerprint.of(noBrand, 0), Fingerprint.of(emptyBrand, 0));
  }

  @Test
  void theMessagesOptions_nameTheDomain_orTheDefault() {
    assertEquals(Fingerprint.of(KNIFE, 3), Fingerprint.of(KNIFE, Marketplace.DE.into(Map.of())));
    assertEquals(Fingerprint.of(KNIFE, 0), Fingerprint.of(KNIFE, Map.of("token_budget", "10")));
    assertEquals(0, Fingerprint.domain(Map.of()));
  }

  @Test
  void aKnownProduct_hasAKnownFingerprint() {
    // Pinned: the submitter and every consumer version must agree; a change here resends every catalog.
    assertEquals("Lto_BdSI2swdXfI6HvpaZA",
        Fingerprint.of(new Product("A", "B000000001", null, null, null, null, null, null, 1, Map.of()), 1));
  }
}
