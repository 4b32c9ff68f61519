package dev.enrich.client.track;

import dev.enrich.contract.MarketData;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV per RFC 4180 (quoted where needed, CRLF), a header then one row per product. Nested values
 * are flattened as {@code parent_child}: {@code market.sales_rank} is the column
 * {@code market_sales_rank}, attribute {@code color} the column {@code attributes_color}. The fixed
 * columns come first in a fixed order, then one column per attribute key, sorted. Unless raw, every
 * cell a spreadsheet would evaluate as a formula is written as text ({@link SpreadsheetCells}).
 */
final class CsvProductWriter implements ProductWriter {
  static final List<String> COLUMNS = List.of(
      "sku", "status", "reason", "source", "enriched_at", "line", "batch_id",
      "asin", "upc", "ean", "gtin", "title", "brand", "price",
      "market_asin", "market_title", "market_brand", "market_manufacturer", "market_categories",
      "market_amazon_price_cents", "market_new_price_cents", "market_used_price_cents",
      "market_buy_box_price_cents", "market_sales_rank", "market_images", "market_eans", "market_upcs",
      "market_last_update");
  static final String ATTRIBUTE_PREFIX = "attributes_";
  /** Between the levels of a category path, root first. */
  static final String CATEGORY_SEPARATOR = " > ";
  /** Between the items of the other lists (image URLs, codes), none of which holds a space. */
  static final String LIST_SEPARATOR = " ";

  private final Writer out;
  private final List<String> attributeKeys;
  private final boolean raw;
  private CSVPrinter printer;

  /** A writer whose cells are safe to open in a spreadsheet. */
  CsvProductWriter(Writer out, List<String> attributeKeys) {
    this(out, attributeKeys, false);
  }

  /** With {@code raw}, cells are written exactly as stored, formulas included. */
  CsvProductWriter(Writer out, List<String> attributeKeys, boolean raw) {
    this.out = out;
    this.attributeKeys = List.copyOf(attributeKeys);
    this.raw = raw;
  }

  static List<String> header(List<String> attributeKeys) {
    List<String> header = new ArrayList<>(COLUMNS);
    attributeKeys.forEach(k -> header.add(ATTRIBUTE_PREFIX + k));
    return header;
  }

  static List<Object> row(ExportedProduct p, List<String> attributeKeys) {
    List<Object> row = new ArrayList<>(COLUMNS.size() + attributeKeys.size());
    row.add(p.sku());
    row.add(p.status());
    row.add(p.reason());
    row.add(p.source());
    row.add(p.enrichedAt());
    row.add(p.line());
    row.add(p.batchId());
    row.add(p.asin());
    row.add(p.upc());
    row.add(p.ean());
    row.add(p.gtin());
    row.add(p.title());
    row.add(p.brand());
    row.add(p.price());
    MarketData m = p.market();
    if (m == null) {
      for (int i = row.size(); i < COLUMNS.size(); i++) {
        row.add(null);
      }
    } else {
      row.add(m.asin());
      row.add(m.title());
      row.add(m.brand());
      row.add(m.manufacturer());
      row.add(String.join(CATEGORY_SEPARATOR, m.categories()));
      row.add(m.amazonPriceCents());
      row.add(m.newPriceCents());
      row.add(m.usedPriceCents());
      row.add(m.buyBoxPriceCents());
      row.add(m.salesRank());
      row.add(String.join(LIST_SEPARATOR, m.images()));
      row.add(String.join(LIST_SEPARATOR, m.eans()));
      row.add(String.join(LIST_SEPARATOR, m.upcs()));
      row.add(m.lastUpdate());
    }
    for (String key : attributeKeys) {
      row.add(p.attributes().get(key));
    }
    return row;
  }

  @Override
  public void start() throws IOException {
    // The printer writes the header as it is created; it is never closed, which would close `out`.
    List<String> header = header(attributeKeys);
    printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
        .setHeader((raw ? header : header.stream().map(SpreadsheetCells::safe).toList()).toArray(String[]::new))
        .build());
  }

  @Override
  public void write(ExportedProduct product) throws IOException {
    List<Object> row = row(product, attributeKeys);
    if (!raw) {
      row.replaceAll(cell -> cell instanceof String text ? SpreadsheetCells.safe(text) : cell);
    }
    printer.printRecord(row);
  }

  @Override
  public void finish(ExportCounts counts) throws IOException {
    printer.flush();
  }
}
