package dev.enrich.contract;

/**
 * The enriched product as MongoDB holds it (docs/architecture.md section 5): one document per
 * {@code (catalog_id, sku)} in {@link #COLLECTION}, upserted by the consumer and read by
 * {@code status --failures}, {@code export} and {@code local run}. The input the seller sent is kept
 * under {@link #INPUT}, what the provider found under {@link #DATA}.
 */
public final class ProductDocument {
  public static final String COLLECTION = "products";
  /** The unique index on {@code (catalog_id, sku)} that makes an upsert of a duplicate a replace. */
  public static final String UNIQUE_INDEX = "catalog_sku_unique";

  public static final String CATALOG_ID = "catalog_id";
  public static final String SKU = "sku";
  public static final String BATCH_ID = "batch_id";
  /** The product's line (or record number) in the catalog file. */
  public static final String LINE = "line";
  public static final String INPUT = "input";
  /** {@link #ENRICHED} or {@link #FAILED}. */
  public static final String STATUS = "status";
  public static final String ENRICHED = "ENRICHED";
  public static final String FAILED = "FAILED";
  /** The provider that answered ({@code keepa}, {@code mock}). */
  public static final String SOURCE = "source";
  public static final String ENRICHED_AT = "enriched_at";
  /** Why a product FAILED, in words a seller can act on. */
  public static final String REASON = "reason";
  /**
   * Set by {@code enrich retry-failed} on a FAILED product's document: the round and the batch that
   * sends it again. The consumer's replace of the document drops them once the batch is processed.
   */
  public static final String RETRY_ROUND = "retry_round";
  public static final String RETRY_BATCH = "retry_batch";
  public static final String DATA = "data";
  /**
   * The {@link Fingerprint} of the input the document was enriched from: {@code submit
   * --incremental} skips a product whose fingerprint is unchanged. Absent from documents written
   * before it existed, which are therefore sent again.
   */
  public static final String FINGERPRINT = "fingerprint";
  /**
   * The Keepa domain its batch looked it up in, when the batch named one (a catalog's marketplace, or
   * a row's own): {@code retry-failed} sends a product again to the same marketplace.
   */
  public static final String KEEPA_DOMAIN = "keepa_domain";

  private ProductDocument() {}

  /** Fields of {@link #INPUT}: the identifiers and columns the catalog gave. */
  public static final class Input {
    public static final String ASIN = "asin";
    public static final String UPC = "upc";
    public static final String EAN = "ean";
    public static final String GTIN = "gtin";
    public static final String TITLE = "title";
    public static final String BRAND = "brand";
    public static final String PRICE = "price";
    /** The catalog's other columns, name to text. */
    public static final String ATTRIBUTES = "attributes";

    private Input() {}
  }

  /** Fields of {@link #DATA}: the marketplace data. */
  public static final class Data {
    public static final String ASIN = "asin";
    public static final String TITLE = "title";
    public static final String BRAND = "brand";
    public static final String MANUFACTURER = "manufacturer";
    public static final String CATEGORIES = "categories";
    public static final String AMAZON_PRICE_CENTS = "amazon_price_cents";
    public static final String NEW_PRICE_CENTS = "new_price_cents";
    public static final String USED_PRICE_CENTS = "used_price_cents";
    public static final String BUY_BOX_PRICE_CENTS = "buy_box_price_cents";
    public static final String SALES_RANK = "sales_rank";
    public static final String IMAGES = "images";
    public static final String EANS = "eans";
    public static final String UPCS = "upcs";
    public static final String LAST_UPDATE = "last_update";

    private Data() {}
  }
}
