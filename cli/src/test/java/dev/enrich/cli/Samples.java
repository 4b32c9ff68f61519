package dev.enrich.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The catalogs of sample-catalogs/, found from the repository root the build passes as enrich.home. */
public final class Samples {
  private Samples() {}

  public static Path sample(String name) {
    return Path.of(System.getProperty("enrich.home", "..")).resolve("sample-catalogs").resolve(name);
  }

  /**
   * The SKUs of a sample catalog whose rows are all valid, read without the CLI's readers: a CSV
   * whose first column is the SKU (kitchen-12.csv) or a JSON array (outdoor-80.json).
   */
  public static Set<String> skus(String name) {
    return skus(sample(name));
  }

  /** The SKUs of a catalog file whose rows are all valid, in either form {@link #skus(String)} reads. */
  public static Set<String> skus(Path file) {
    String name = file.getFileName().toString();
    Set<String> skus = new LinkedHashSet<>();
    try {
      if (name.endsWith(".json")) {
        for (JsonNode product : new ObjectMapper().readTree(file.toFile())) {
          skus.add(product.get("sku").asText());
        }
        return skus;
      }
      List<String> lines = Files.readAllLines(file);
      if (!name.endsWith(".csv") || !lines.get(0).startsWith("sku,")) {
        throw new IllegalArgumentException(name + ": not a CSV whose first column is sku");
      }
      lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).forEach(l -> skus.add(l.split(",", 2)[0]));
      return skus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
