package dev.enrich.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One catalog product as it travels in a batch message. Identifiers are already normalised by the
 * submitter; {@code price} stays a decimal string so no binary rounding touches money.
 *
 * <pre>{@code
 * Product knife = new Product("KIT-0001", "B000000001", null, null, null, "Chef's Knife", "Hollbrook", "49.99",
 *     1, Map.of("color", "black"));
 * client.submit("spring-2026", "seller-42", List.of(knife));
 * }</pre>
 *
 * @param line the product's line (or record number) in the source file, for error reports
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Product(
    String sku,
    String asin,
    String upc,
    String ean,
    String gtin,
    String title,
    String brand,
    String price,
    long line,
    Map<String, String> attributes) {

  public Product {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** The identifier a provider looks the product up by: ASIN first, then GTIN-family codes. */
  public String primaryIdentifier() {
    if (asin != null) {
      return asin;
    }
    if (upc != null) {
      return upc;
    }
    if (ean != null) {
      return ean;
    }
    return gtin;
  }
}
