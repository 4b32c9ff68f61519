package dev.enrich.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a product's lookup depends on, as one short string: SHA-256 of its identifiers and the
 * fields a provider is asked about, in a fixed order, truncated to 128 bits and written as 22
 * characters of URL-safe base64 (docs/architecture.md section 10). The consumer stores it in each
 * product document ({@link ProductDocument#FINGERPRINT}); {@code submit --incremental} computes it
 * for the new file and sends only products whose fingerprint differs. Both sides call this class,
 * so they agree by construction.
 *
 * <p>In the hash: the SKU, ASIN, UPC, EAN, GTIN, title, brand, price (the decimal string the
 * message carries), the attributes sorted by name, and the Keepa domain the product is looked up
 * in (0 where the message leaves it to the consumer's default). Not in it: the line, which moves
 * when rows are added above it without changing the lookup. Each field is written with its length,
 * and a missing one as a distinct marker, so no two different products encode alike. The first
 * byte is the encoding's version: a change of the fields makes every stored fingerprint differ,
 * which resends everything once rather than skipping a product wrongly.
 */
public final class Fingerprint {
  /** The encoding's version, hashed first. */
  private static final byte VERSION = 1;
  private static final int BYTES = 16;

  private Fingerprint() {}

  /** The fingerprint of {@code product} looked up in Keepa domain {@code keepaDomain} (0: the default). */
  public static String of(Product product, int keepaDomain) {
    MessageDigest sha = sha256();
    sha.update(VERSION);
    field(sha, product.sku());
    field(sha, product.asin());
    field(sha, product.upc());
    field(sha, product.ean());
    field(sha, product.gtin());
    field(sha, product.title());
    field(sha, product.brand());
    field(sha, product.price());
    Map<String, String> attributes = new TreeMap<>(product.attributes());
    number(sha, attributes.size());
    attributes.forEach((name, value) -> {
      field(sha, name);
      field(sha, value);
    });
    number(sha, keepaDomain);
    byte[] digest = sha.digest();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, BYTES));
  }

  /** The fingerprint of {@code product} as a batch with these options looks it up. */
  public static String of(Product product, Map<String, String> options) {
    return of(product, domain(options));
  }

  /** The Keepa domain the options name, or 0 when they leave it to the consumer's default. */
  public static int domain(Map<String, String> options) {
    return Marketplace.fromOptions(options).map(Marketplace::domain).orElse(0);
  }

  private static void field(MessageDigest sha, String value) {
    if (value == null) {
      number(sha, -1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    number(sha, bytes.length);
    sha.update(bytes);
  }

  private static void number(MessageDigest sha, int n) {
    sha.update((byte) (n >>> 24));
    sha.update((byte) (n >>> 16));
    sha.update((byte) (n >>> 8));
    sha.update((byte) n);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
