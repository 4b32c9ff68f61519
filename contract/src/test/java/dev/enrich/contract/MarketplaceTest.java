package dev.enrich.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MarketplaceTest {

  @Test
  void codesMapToKeepasDomainIds() {
    // Keepa's Request Products table, and AmazonLocale's ordinals in its Java client.
    Map<String, Integer> keepa = Map.ofEntries(Map.entry("com", 1), Map.entry("co.uk", 2), Map.entry("de", 3),
        Map.entry("fr", 4), Map.entry("co.jp", 5), Map.entry("ca", 6), Map.entry("it", 8), Map.entry("es", 9),
        Map.entry("in", 10), Map.entry("com.mx", 11), Map.entry("com.br", 12));
    assertEquals(keepa, Arrays.stream(Marketplace.values())
        .collect(Collectors.toMap(Marketplace::code, Marketplace::domain)));
  }

  @Test
  void parse_takesCodesDomainIdsAndAmazonHostNames() {
    assertEquals(Marketplace.DE, Marketplace.parse("de"));
    assertEquals(Marketplace.DE, Marketplace.parse(" DE "));
    assertEquals(Marketplace.DE, Marketplace.parse("3"));
    assertEquals(Marketplace.DE, Marketplace.parse("amazon.de"));
    assertEquals(Marketplace.CO_UK, Marketplace.parse(".co.uk"));
    assertEquals(Marketplace.COM_BR, Marketplace.parse("www.amazon.com.br"));
    assertEquals(Marketplace.COM_MX, Marketplace.parse("11"));
  }

  @Test
  void parse_rejectsUnknownValues_listingTheValidOnes() {
    for (String bad : new String[] {"7", "0", "13", "uk", "us", "", "amazon.nl"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Marketplace.parse(bad), bad);
      assertTrue(e.getMessage().contains("com (1), co.uk (2), de (3)"), e.getMessage());
      assertTrue(e.getMessage().contains("com.br (12)"), e.getMessage());
    }
  }

  @Test
  void options_carryTheDomainId() {
    Map<String, String> options = Marketplace.FR.into(Map.of("other", "x"));
    assertEquals(Map.of("other", "x", "keepa_domain", "4"), options);
    assertEquals(Optional.of(Marketplace.FR), Marketplace.fromOptions(options));
    assertEquals(Optional.empty(), Marketplace.fromOptions(Map.of()));
    assertEquals(Optional.empty(), Marketplace.fromOptions(Map.of("keepa_domain", "7")));
  }
}
