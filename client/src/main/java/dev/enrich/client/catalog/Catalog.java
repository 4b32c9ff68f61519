package dev.enrich.client.catalog;

import dev.enrich.client.EnrichException;
import dev.enrich.contract.Marketplace;
import dev.enrich.contract.Product;
import java.util.List;
import java.util.function.Consumer;

/**
 * A catalog read in two streaming passes, so memory does not grow with its products: {@link #scan}
 * checks every record and reports rejections; {@link #replay} reads the file again and yields
 * exactly the products the scan accepted, in file order. Only the SKU fingerprints stay in memory
 * between the passes.
 */
public final class Catalog {
  private final CatalogInput input;
  private final ColumnMap columns;
  private final Limits limits;
  private final Layout layout;
  private final SkuIndex skus = new SkuIndex();
  private CatalogScan scan;
  private boolean replayed;

  public Catalog(CatalogInput input, ColumnMap columns, Limits limits) {
    this.input = input;
    this.columns = columns;
    this.limits = limits;
    this.layout = Sniffer.layout(input);
  }

  public CatalogInput input() {
    return input;
  }

  /** An accepted product, and the marketplace its row names (null where the catalog's applies). */
  public interface AcceptedProduct {
    void accept(Product product, Marketplace marketplace);
  }

  /** {@link #scanWithMarketplace} for callers that do not batch by marketplace. */
  public CatalogScan scan(Consumer<Rejection> rejections, Consumer<Product> accepted) {
    return scanWithMarketplace(rejections, (product, marketplace) -> accepted.accept(product));
  }

  /**
   * The checking pass: every rejection goes to {@code rejections} as it is found, every accepted
   * product to {@code accepted}. A second occurrence of a SKU is rejected, naming the first line.
   */
  public CatalogScan scanWithMarketplace(Consumer<Rejection> rejections, AcceptedProduct accepted) {
    if (scan != null) {
      throw new IllegalStateException("a catalog is scanned once: its SKU index is complete");
    }
    ProductMapper mapper = new ProductMapper(columns, limits);
    long[] counts = new long[3];
    String hash = ReadAhead.run(sink -> CatalogReader.read(input, layout, limits, sink), new RecordSink() {
      @Override
      public void header(List<String> names) {
        mapper.header(input.displayName(), names);
      }

      @Override
      public void record(RawRecord record) {
        ProductMapper.Mapped m = mapper.map(record);
        if (m.skipped()) {
          counts[2]++;
        } else if (m.rejection() != null) {
          counts[1]++;
          rejections.accept(m.rejection());
        } else {
          long first = skus.putIfAbsent(m.product().sku(), record.line());
          if (first == SkuIndex.ABSENT) {
            counts[0]++;
            accepted.accept(m.product(), m.marketplace());
          } else {
            counts[1]++;
            rejections.accept(new Rejection(record.line(), mapper.skuColumn(),
                "\"" + m.product().sku() + "\" already appears on line " + first, record.fields()));
          }
        }
      }
    });
    scan = new CatalogScan(input.sourceName(), layout, hash, counts[0], counts[1], counts[2]);
    return scan;
  }

  /**
   * True when the checking pass accepted a product of this SKU: what {@code submit --incremental}
   * asks of each stored document to know whether the new file still has it.
   */
  public boolean accepted(String sku) {
    if (scan == null) {
      throw new IllegalStateException("scan the catalog before asking what it holds");
    }
    return skus.contains(sku);
  }

  /**
   * The sending pass: the products {@link #scan} accepted, again, in the same order. The file must
   * not have changed in between; if it has, this fails rather than send a different catalog.
   */
  public void replay(Consumer<Product> products) {
    if (scan == null) {
      throw new IllegalStateException("scan the catalog before replaying it");
    }
    if (replayed) {
      throw new IllegalStateException("a catalog is replayed once");
    }
    replayed = true;
    ProductMapper mapper = new ProductMapper(columns, limits);
    long[] yielded = new long[1];
    String hash = CatalogReader.read(input, layout, limits, new RecordSink() {
      @Override
      public void header(List<String> names) {
        mapper.header(input.displayName(), names);
      }

      @Override
      public void record(RawRecord record) {
        ProductMapper.Mapped m = mapper.map(record);
        if (m.product() != null && skus.claim(m.product().sku(), record.line())) {
          yielded[0]++;
          products.accept(m.product());
        }
      }
    });
    if (!hash.equals(scan.contentHash()) || yielded[0] != scan.accepted()) {
      throw EnrichException.invalidInput(input.displayName()
          + ": the file changed while it was being submitted; re-run the same command to resume");
    }
  }
}
