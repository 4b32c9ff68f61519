package dev.enrich.client.track;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.enrich.contract.MarketData;
import dev.enrich.contract.output.CatalogState;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One JSON document (docs/schemas/export.schema.json), written token by token with a
 * {@link JsonGenerator}, never built as a tree:
 *
 * <pre>
 * {"catalog_id":"...","state":"COMPLETED","exported_at":"...","marketplaces":["de"],"products":[
 * {"sku":"...","status":"ENRICHED",...,"attributes":{...},"market":{...}},
 * {"sku":"...","status":"FAILED","reason":"...",...,"market":null}
 * ],"summary":{"products":2,"enriched":1,"failed":1}}
 * </pre>
 *
 * Every product has every key, {@code null} where the stored document has no value. One product a
 * line, so the file pages and greps well and still parses as one document. As JSON Lines
 * ({@link #lines}), the same product objects, one a line, and nothing else: for tools that read a
 * record a line (the catalog, state and summary are in {@code enrich status}).
 */
final class JsonProductWriter implements ProductWriter {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  private final JsonGenerator json;
  private final String catalogId;
  private final CatalogState state;
  private final Instant exportedAt;
  private final List<String> marketplaces;
  private final boolean lines;

  JsonProductWriter(Writer out, String catalogId, CatalogState state, Instant exportedAt, List<String> marketplaces)
      throws IOException {
    this(out, catalogId, state, exportedAt, marketplaces, false);
  }

  private JsonProductWriter(Writer out, String catalogId, CatalogState state, Instant exportedAt,
      List<String> marketplaces, boolean lines) throws IOException {
    this.json = FACTORY.createGenerator(out);
    this.json.setPrettyPrinter(lines ? new MinimalPrettyPrinter("") : new OneProductPerLine());
    this.catalogId = catalogId;
    this.state = state;
    this.exportedAt = exportedAt;
    this.marketplaces = marketplaces;
    this.lines = lines;
  }

  /** JSON Lines: one product object a line, no document around them. */
  static JsonProductWriter lines(Writer out) throws IOException {
    return new JsonProductWriter(out, null, null, null, List.of(), true);
  }

  @Override
  public void start() throws IOException {
    if (lines) {
      return;
    }
    json.writeStartObject();
    json.writeStringField("catalog_id", catalogId);
    json.writeStringField("state", state.name());
    json.writeStringField("exported_at", exportedAt.toString());
    json.writeArrayFieldStart("marketplaces");
    for (String m : marketplaces) {
      json.writeString(m);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("products");
  }

  @Override
  public void write(ExportedProduct p) throws IOException {
    json.writeStartObject();
    text("sku", p.sku());
    text("status", p.status());
    text("reason", p.reason());
    text("source", p.source());
    text("enriched_at", p.enrichedAt());
    number("line", p.line());
    text("batch_id", p.batchId());
    text("asin", p.asin());
    text("upc", p.upc());
    text("ean", p.ean());
    text("gtin", p.gtin());
    text("title", p.title());
    text("brand", p.brand());
    text("price", p.price());
    json.writeObjectFieldStart("attributes");
    for (Map.Entry<String, String> a : p.attributes().entrySet()) {
      text(a.getKey(), a.getValue());
    }
    json.writeEndObject();
    market(p.market());
    json.writeEndObject();
    if (lines) {
      json.writeRaw('\n');
    }
  }

  private void market(MarketData m) throws IOException {
    if (m == null) {
      json.writeNullField("market");
      return;
    }
    json.writeObjectFieldStart("market");
    text("asin", m.asin());
    text("title", m.title());
    text("brand", m.brand());
    text("manufacturer", m.manufacturer());
    list("categories", m.categories());
    number("amazon_price_cents", m.amazonPriceCents());
    number("new_price_cents", m.newPriceCents());
    number("used_price_cents", m.usedPriceCents());
    number("buy_box_price_cents", m.buyBoxPriceCents());
    number("sales_rank", m.salesRank());
    list("images", m.images());
    list("eans", m.eans());
    list("upcs", m.upcs());
    text("last_update", m.lastUpdate());
    json.writeEndObject();
  }

  @Override
  public void finish(ExportCounts counts) throws IOException {
    if (lines) {
      json.flush();
      return;
    }
    json.writeEndArray();
    json.writeObjectFieldStart("summary");
    json.writeNumberField("products", counts.products());
    json.writeNumberField("enriched", counts.enriched());
    json.writeNumberField("failed", counts.failed());
    json.writeEndObject();
    json.writeEndObject();
    json.writeRaw('\n');
    json.flush();
  }

  private void text(String name, Object value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeStringField(name, value.toString());
    }
  }

  private void number(String name, Long value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }

  private void list(String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String v : values) {
      json.writeString(v);
    }
    json.writeEndArray();
  }

  /** Compact JSON, except that each element of the top-level {@code products} array starts a line. */
  private static final class OneProductPerLine extends MinimalPrettyPrinter {
    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      if (inProducts(g)) {
        g.writeRaw('\n');
      }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
      if (inProducts(g)) {
        g.writeRaw('\n');
      }
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (values > 0 && inProducts(g)) {
        g.writeRaw('\n');
      }
      g.writeRaw(']');
    }

    /** The array being written is the root object's {@code products} (not its {@code marketplaces}). */
    private static boolean inProducts(JsonGenerator g) {
      JsonStreamContext array = g.getOutputContext();
      JsonStreamContext object = array.getParent();
      return array.inArray() && object != null && object.inObject() && "products".equals(object.getCurrentName())
          && object.getParent() != null && object.getParent().inRoot();
    }
  }
}
