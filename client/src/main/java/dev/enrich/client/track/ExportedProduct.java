package dev.enrich.client.track;

import dev.enrich.contract.MarketData;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.ProductDocument.Data;
import dev.enrich.contract.ProductDocument.Input;
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
    Document input = doc.get(ProductDocument.INPUT, Document.class);
    if (input == null) {
      input = new Document();
    }
    return new ExportedProduct(
        doc.getString(ProductDocument.SKU),
        doc.getString(ProductDocument.STATUS),
        doc.getString(ProductDocument.REASON),
        doc.getString(ProductDocument.SOURCE),
        instant(doc.get(ProductDocument.ENRICHED_AT)),
        number(doc.get(ProductDocument.LINE)),
        doc.getString(ProductDocument.BATCH_ID),
        input.getString(Input.ASIN),
        input.getString(Input.UPC),
        input.getString(Input.EAN),
        input.getString(Input.GTIN),
        input.getString(Input.TITLE),
        input.getString(Input.BRAND),
        text(input.get(Input.PRICE)),
        attributes(input.get(Input.ATTRIBUTES, Document.class)),
        market(doc.get(ProductDocument.DATA, Document.class)));
  }

  private static MarketData market(Document d) {
    if (d == null) {
      return null;
    }
    return new MarketData(
        d.getString(Data.ASIN),
        d.getString(Data.TITLE),
        d.getString(Data.BRAND),
        d.getString(Data.MANUFACTURER),
        strings(d.get(Data.CATEGORIES)),
        number(d.get(Data.AMAZON_PRICE_CENTS)),
        number(d.get(Data.NEW_PRICE_CENTS)),
        number(d.get(Data.USED_PRICE_CENTS)),
        number(d.get(Data.BUY_BOX_PRICE_CENTS)),
        number(d.get(Data.SALES_RANK)),
        strings(d.get(Data.IMAGES)),
        strings(d.get(Data.EANS)),
        strings(d.get(Data.UPCS)),
        instant(d.get(Data.LAST_UPDATE)));
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
