package dev.enrich.cli.track;

import dev.enrich.lambda.enrich.MarketData;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * One product as {@code enrich export} writes it, read back from the document the consumer stored
 * ({@code MongoProductStore.toDocument}). Absent values are {@code null}, never guessed.
 *
 * @param status as stored: {@code ENRICHED} or {@code FAILED}
 * @param reason why the product failed; {@code null} when it was enriched
 * @param source the provider that answered ({@code keepa}, {@code mock})
 * @param line the product's line (or record number) in the submitted file
 * @param attributes the seller's other columns, in the order they were stored
 * @param market what the marketplace reports; {@code null} for a failed product
 */
public record ExportedProduct(
    String sku,
    String status,
    String reason,
    String source,
    Instant enrichedAt,
    Long line,
    String batchId,
    String asin,
    String upc,
    String ean,
    String gtin,
    String title,
    String brand,
    String price,
    Map<String, String> attributes,
    MarketData market) {

  public static final String ENRICHED = "ENRICHED";
  public static final String FAILED = "FAILED";

  public ExportedProduct {
    attributes = attributes == null ? Map.of() : attributes;
  }

  public static ExportedProduct from(Document doc) {
    Document input = doc.get("input", Document.class);
    if (input == null) {
      input = new Document();
    }
    return new ExportedProduct(
        doc.getString("sku"),
        doc.getString("status"),
        doc.getString("reason"),
        doc.getString("source"),
        instant(doc.get("enriched_at")),
        number(doc.get("line")),
        doc.getString("batch_id"),
        input.getString("asin"),
        input.getString("upc"),
        input.getString("ean"),
        input.getString("gtin"),
        input.getString("title"),
        input.getString("brand"),
        text(input.get("price")),
        attributes(input.get("attributes", Document.class)),
        market(doc.get("data", Document.class)));
  }

  private static MarketData market(Document d) {
    if (d == null) {
      return null;
    }
    return new MarketData(
        d.getString("asin"),
        d.getString("title"),
        d.getString("brand"),
        d.getString("manufacturer"),
        strings(d.get("categories")),
        number(d.get("amazon_price_cents")),
        number(d.get("new_price_cents")),
        number(d.get("used_price_cents")),
        number(d.get("buy_box_price_cents")),
        number(d.get("sales_rank")),
        strings(d.get("images")),
        strings(d.get("eans")),
        strings(d.get("upcs")),
        instant(d.get("last_update")));
  }

  private static Map<String, String> attributes(Document d) {
    if (d == null || d.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    d.forEach((k, v) -> out.put(k, text(v)));
    return out;
  }

  private static List<String> strings(Object value) {
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().filter(Objects::nonNull).map(Object::toString).toList();
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  private static Instant instant(Object value) {
    return value instanceof Date d ? d.toInstant() : null;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
