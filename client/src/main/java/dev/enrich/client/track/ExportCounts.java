package dev.enrich.client.track;

/** Products written so far, by stored status. */
record ExportCounts(long products, long enriched, long failed) {
  static final ExportCounts NONE = new ExportCounts(0, 0, 0);

  ExportCounts plus(ExportedProduct p) {
    return new ExportCounts(products + 1,
        enriched + (ExportedProduct.ENRICHED.equals(p.status()) ? 1 : 0),
        failed + (ExportedProduct.FAILED.equals(p.status()) ? 1 : 0));
  }
}
