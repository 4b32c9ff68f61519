package dev.enrich.cli.submit;

import dev.enrich.cli.EnrichException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The checked products of a catalog, already encoded as they go into messages, in a temporary
 * file: the sending pass streams them back instead of parsing, checking and encoding the catalog a
 * second time, and memory stays flat. Length-prefixed records; deleted on close.
 */
final class ProductSpool implements AutoCloseable {
  private final Path file;
  private DataOutputStream out;
  private long count;

  ProductSpool() {
    try {
      file = Files.createTempFile("enrich-products-", ".spool");
      file.toFile().deleteOnExit();
      out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    } catch (IOException e) {
      throw EnrichException.invalidInput("cannot create a temporary file for the checked products: " + e.getMessage());
    }
  }

  void add(byte[] productJson) {
    try {
      out.writeInt(productJson.length);
      out.write(productJson);
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the temporary product file " + file + " (disk full?)", e);
    }
  }

  /** Every product added, in order. */
  void forEach(Consumer<byte[]> products) {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
        for (long i = 0; i < count; i++) {
          byte[] product = new byte[in.readInt()];
          in.readFully(product);
          products.accept(product);
        }
      }
    } catch (EOFException e) {
      throw new IllegalStateException("the temporary product file " + file + " was cut short", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the temporary product file " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // deleteOnExit is the fallback.
    }
  }
}
