package dev.enrich.client.catalog;

/**
 * What the checking pass found.
 *
 * @param accepted products that will be sent
 * @param rejected records refused, each reported with its line
 * @param skipped records that are not products (Shopify image rows)
 * @param contentHash SHA-256 of the file's bytes, hex
 */
public record CatalogScan(String sourceName, Layout layout, String contentHash, long accepted, long rejected, long skipped) {}
