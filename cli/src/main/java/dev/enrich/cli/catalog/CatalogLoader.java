package dev.enrich.cli.catalog;

import dev.enrich.cli.EnrichException;
import dev.enrich.lambda.contract.Product;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Reads a catalog file into valid products and rejections; SKUs must be unique in the catalog. */
public final class CatalogLoader {
  private CatalogLoader() {}

  public static Catalog load(Path file) {
    CatalogFormat format = CatalogFormat.of(file);
    List<Product> products = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    Map<String, Long> firstLineOfSku = new HashMap<>();
    CatalogReader.read(file, format, record -> {
      ProductMapper.Mapped mapped = ProductMapper.map(record);
      if (mapped.rejection() != null) {
        rejections.add(mapped.rejection());
        return;
      }
      Long first = firstLineOfSku.putIfAbsent(mapped.product().sku(), record.line());
      if (first != null) {
        rejections.add(new Rejection(record.line(), "sku",
            "\"" + mapped.product().sku() + "\" already appears on line " + first));
        return;
      }
      products.add(mapped.product());
    });
    return new Catalog(file.getFileName().toString(), contentHash(file), products, rejections);
  }

  /** SHA-256 of the file's bytes, hex. */
  public static String contentHash(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchFileException e) {
      throw EnrichException.invalidInput(file + ": no such file");
    } catch (IOException e) {
      throw EnrichException.invalidInput(file + ": cannot read: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
