package dev.enrich.client.track;

import java.util.Iterator;
import java.util.List;
import org.bson.Document;

/** Where {@link Exporter} reads a catalog's stored products from: MongoDB, or a list in tests. */
public interface ProductSource {

  /**
   * The distinct keys of the products' {@code input.attributes}, sorted: the CSV header needs them
   * before the first row. They are the submitted file's extra columns, so there are few.
   */
  List<String> attributeKeys(String catalogId);

  /** The catalog's product documents ordered by SKU, one at a time; close it to end the read early. */
  Cursor open(String catalogId);

  /** A forward-only read of product documents. */
  interface Cursor extends Iterator<Document>, AutoCloseable {
    @Override
    void close();
  }
}
