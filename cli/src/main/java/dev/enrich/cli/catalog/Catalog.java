package dev.enrich.cli.catalog;

import dev.enrich.lambda.contract.Product;
import java.util.List;

/**
 * A catalog file read and checked: the products to send, the records refused, and a hash of the
 * file's bytes that identifies this content when a submit is resumed.
 */
public record Catalog(String sourceName, String contentHash, List<Product> products, List<Rejection> rejections) {}
