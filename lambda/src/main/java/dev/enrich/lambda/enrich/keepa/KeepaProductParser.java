package dev.enrich.lambda.enrich.keepa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.lambda.enrich.MarketData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a seller needs from a Keepa product object: title, brand, manufacturer, category path,
 * current prices from {@code stats.current} (in cents, -1 = none), sales rank, images, EAN/UPC lists
 * and the last update. Keepa's {@code productType} comes first: INVALID means no data.
 */
final class KeepaProductParser {
  /** Keepa time: minutes since 2011-01-01, i.e. Unix minutes minus this offset. */
  static final long KEEPA_MINUTE_OFFSET = 21_564_000L;
  static final int PRODUCT_TYPE_INVALID = 4;
  /** Indexes into {@code stats.current}, as Keepa numbers its price types. */
  static final int AMAZON = 0;
  static final int NEW = 1;
  static final int USED = 2;
  static final int SALES_RANK = 3;
  static final int BUY_BOX = 18;
  private static final String IMAGE_BASE = "https://m.media-amazon.com/images/I/";

  private KeepaProductParser() {}

  /** The market data, or null with {@link #whyNot} saying why there is none. */
  static MarketData parse(JsonNode product) {
    if (whyNot(product) != null) {
      return null;
    }
    JsonNode current = product.path("stats").path("current");
    return new MarketData(
        text(product, "asin"),
        text(product, "title"),
        text(product, "brand"),
        text(product, "manufacturer"),
        categories(product.path("categoryTree")),
        price(current, AMAZON),
        price(current, NEW),
        price(current, USED),
        price(current, BUY_BOX),
        price(current, SALES_RANK),
        images(text(product, "imagesCSV")),
        strings(product.path("eanList")),
        strings(product.path("upcList")),
        lastUpdate(product.path("lastUpdate")));
  }

  /** Why Keepa has nothing for this product, or null if it has something. */
  static String whyNot(JsonNode product) {
    if (product.path("productType").asInt(0) == PRODUCT_TYPE_INVALID) {
      return "Keepa reports the ASIN as invalid (productType INVALID)";
    }
    if (text(product, "title") == null && product.path("stats").isMissingNode()) {
      return "Keepa has no data for the ASIN";
    }
    return null;
  }

  /** Unix milliseconds = (Keepa minutes + 21,564,000) x 60,000; 0 or absent means unknown. */
  static Instant lastUpdate(JsonNode minutes) {
    long m = minutes.asLong(0);
    return m <= 0 ? null : Instant.ofEpochMilli((m + KEEPA_MINUTE_OFFSET) * 60_000L);
  }

  private static Long price(JsonNode current, int index) {
    JsonNode v = current.path(index);
    return v.isNumber() && v.asLong() >= 0 ? v.asLong() : null;
  }

  private static List<String> categories(JsonNode tree) {
    List<String> names = new ArrayList<>();
    tree.forEach(c -> {
      if (c.hasNonNull("name")) {
        names.add(c.get("name").asText());
      }
    });
    return names;
  }

  private static List<String> images(String csv) {
    List<String> urls = new ArrayList<>();
    if (csv != null) {
      for (String name : csv.split(",")) {
        if (!name.isBlank()) {
          urls.add(IMAGE_BASE + name.trim());
        }
      }
    }
    return urls;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
