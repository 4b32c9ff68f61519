package dev.enrich.lambda.enrich.keepa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.contract.MarketData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what a seller needs from a Keepa product object: title, brand, manufacturer, category path,
 * current prices from {@code stats.current} (in cents, -1 = none), sales rank, images, EAN/UPC lists
 * and the last update. Keepa's {@code productType} comes first, as Keepa asks: only a standard
 * product carries market data; every other type is a failure whose reason says what to do instead.
 *
 * @see <a href="https://keepa.com/#!discuss/t/product-object/116">Keepa product object</a>
 */
final class KeepaProductParser {
  /** Keepa time: minutes since 2011-01-01, i.e. Unix minutes minus this offset. */
  static final long KEEPA_MINUTE_OFFSET = 21_564_000L;
  /** Keepa's {@code productType} values (its Java client's {@code Product.ProductType}). */
  static final int PRODUCT_TYPE_STANDARD = 0;
  static final int PRODUCT_TYPE_DOWNLOADABLE = 1;
  static final int PRODUCT_TYPE_EBOOK = 2;
  /** "Unaccessible": prices hidden because of a minimum advertised price (MAP). */
  static final int PRODUCT_TYPE_HIDDEN_PRICE = 3;
  static final int PRODUCT_TYPE_INVALID = 4;
  static final int PRODUCT_TYPE_VARIATION_PARENT = 5;
  /** Child ASINs named in a variation parent's reason; the rest are counted. */
  static final int CHILDREN_NAMED = 3;
  /** Indexes into {@code stats.current}, as Keepa numbers its price types. */
  static final int AMAZON = 0;
  static final int NEW = 1;
  static final int USED = 2;
  static final int SALES_RANK = 3;
  static final int BUY_BOX = 18;
  /** Keepa documents image file names as relative to this path, for {@code images} and {@code imagesCSV} alike. */
  static final String IMAGE_BASE = "https://m.media-amazon.com/images/I/";

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
        images(product),
        strings(product.path("eanList")),
        strings(product.path("upcList")),
        lastUpdate(product.path("lastUpdate")));
  }

  /** Why Keepa has nothing for this product, in words a seller can act on, or null if it has something. */
  static String whyNot(JsonNode product) {
    String asin = text(product, "asin") == null ? "the product" : "ASIN " + text(product, "asin");
    switch (product.path("productType").asInt(PRODUCT_TYPE_STANDARD)) {
      case PRODUCT_TYPE_INVALID:
        return "Keepa reports " + asin + " as invalid or retired (productType INVALID): check the ASIN on Amazon";
      case PRODUCT_TYPE_VARIATION_PARENT:
        return variationParent(asin, children(product));
      case PRODUCT_TYPE_HIDDEN_PRICE:
        return asin + " hides its price (minimum advertised price, MAP), so Keepa has no data for it: "
            + "look the price up in an Amazon cart";
      case PRODUCT_TYPE_EBOOK:
        return asin + " is an e-book: Keepa has no prices or sales rank for e-books; "
            + "submit the print edition's ASIN or ISBN instead";
      case PRODUCT_TYPE_DOWNLOADABLE:
        return asin + " is a digital download: Keepa has no marketplace prices for downloads; "
            + "submit a physical edition's ASIN instead";
      default:
        break;
    }
    if (text(product, "title") == null && product.path("stats").isMissingNode()) {
      return "Keepa has no data for " + asin;
    }
    return null;
  }

  /** Unix milliseconds = (Keepa minutes + 21,564,000) x 60,000; 0 or absent means unknown. */
  static Instant lastUpdate(JsonNode minutes) {
    long m = minutes.asLong(0);
    return m <= 0 ? null : Instant.ofEpochMilli((m + KEEPA_MINUTE_OFFSET) * 60_000L);
  }

  private static String variationParent(String asin, List<String> children) {
    String reason = asin + " is a variation parent (productType 5), which has no offers or prices: submit its "
        + "variations instead";
    if (children.isEmpty()) {
      return reason + " (the size or colour ASINs on its Amazon page)";
    }
    int named = Math.min(CHILDREN_NAMED, children.size());
    String more = children.size() > named ? " and " + (children.size() - named) + " more" : "";
    return reason + ", e.g. " + String.join(", ", children.subList(0, named)) + more;
  }

  /**
   * A parent's child ASINs: {@code variations} (objects with an {@code asin}, Keepa's current field)
   * and the deprecated {@code variationCSV}, in that order, without repeats.
   */
  private static List<String> children(JsonNode product) {
    Set<String> asins = new LinkedHashSet<>();
    product.path("variations").forEach(v -> {
      if (v.hasNonNull("asin") && !v.get("asin").asText().isBlank()) {
        asins.add(v.get("asin").asText().trim());
      }
    });
    asins.addAll(csv(text(product, "variationCSV")));
    return List.copyOf(asins);
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

  /**
   * Image URLs from {@code images} (one object per image: {@code l} the large file, {@code m} the
   * medium one, either may be missing); {@code imagesCSV}, which Keepa has deprecated and no longer
   * sends, only when {@code images} is absent.
   */
  static List<String> images(JsonNode product) {
    JsonNode images = product.get("images");
    List<String> names = new ArrayList<>();
    if (images != null && images.isArray()) {
      images.forEach(image -> {
        String name = text(image, "l") != null ? text(image, "l") : text(image, "m");
        if (name != null && !name.isBlank()) {
          names.add(name.trim());
        }
      });
    } else {
      names.addAll(csv(text(product, "imagesCSV")));
    }
    return names.stream().map(name -> IMAGE_BASE + name).toList();
  }

  private static List<String> csv(String csv) {
    List<String> values = new ArrayList<>();
    if (csv != null) {
      for (String value : csv.split(",")) {
        if (!value.isBlank()) {
          values.add(value.trim());
        }
      }
    }
    return values;
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
