package dev.enrich.client.submit;

import dev.enrich.client.EnrichException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The checked products of a catalog, already encoded as they go into messages, in a temporary
 * file: the sending pass streams them back instead of parsing, checking and encoding the catalog a
 * second time, and memory stays flat. Length-prefixed records. The file is unlinked as soon as it
 * is open where the system allows it, so not even {@code kill -9} leaves it behind. Each record
 * carries a one-byte tag: the Keepa domain id of the product's own marketplace, or 0.
 */
final class ProductSpool implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private DataOutputStream out;
  private long count;

  /** Receives the spooled products. */
  interface Reader {
    void accept(int tag, byte[] productJson);
  }

  ProductSpool() {
    try {
      file = Files.createTempFile("enrich-products-", ".spool");
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw EnrichException.invalidInput("cannot create a temporary file for the checked products: " + e.getMessage());
    }
    try {
      Files.delete(file); // the open channel keeps the data until it is closed or the process ends
    } catch (IOException notOnThisSystem) {
      file.toFile().deleteOnExit();
    }
    out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
  }

  void add(int tag, byte[] productJson) {
    try {
      out.writeByte(tag);
      out.writeInt(productJson.length);
      out.write(productJson);
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the temporary product file (disk full?)", e);
    }
  }

  /** Every product added, in order; once. */
  void forEach(Reader products) {
    try {
      if (out == null) {
        throw new IllegalStateException("the spooled products are read once");
      }
      out.flush();
      out = null;
      channel.position(0);
      // Read once: closing the reader closes the channel, which close() then closes again (harmless).
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16))) {
        for (long i = 0; i < count; i++) {
          int tag = in.readUnsignedByte();
          byte[] product = new byte[in.readInt()];
          in.readFully(product);
          products.accept(tag, product);
        }
      }
    } catch (EOFException e) {
      throw new IllegalStateException("the temporary product file was cut short", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the temporary product file", e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // deleteOnExit is the fallback where the file could not be unlinked while open.
    }
  }
}
