package dev.enrich.client.submit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The checked products' keys (SKU, fingerprint, position, marketplace tag, size), sorted by SKU in
 * bounded memory: keys are sorted in runs of {@link #RUN} and spilled to temporary files, then
 * merged (docs/architecture.md section 10). SKUs compare by their UTF-8 bytes, MongoDB's order for
 * strings, so the merge with the stored documents walks both in the same order. The files are
 * unlinked as soon as they are open where the system allows it.
 */
final class SkuKeySort implements AutoCloseable {
  /** Keys held before a run is spilled: a few MB, whatever the catalog's size. */
  static final int RUN = 20_000;

  /** One product's key; {@code ordinal} is its position among the checked products, from 0. */
  record Key(byte[] sku, String fingerprint, int ordinal, int tag, int bytes) {
    String skuText() {
      return new String(sku, StandardCharsets.UTF_8);
    }
  }

  static final Comparator<byte[]> SKU_ORDER = Arrays::compareUnsigned;
  private static final Comparator<Key> ORDER = (a, b) -> SKU_ORDER.compare(a.sku(), b.sku());

  private final int runSize;
  private final List<Key> buffer = new ArrayList<>();
  private final List<FileChannel> runs = new ArrayList<>();

  SkuKeySort() {
    this(RUN);
  }

  SkuKeySort(int runSize) {
    this.runSize = runSize;
  }

  void add(String sku, String fingerprint, int ordinal, int tag, int bytes) {
    buffer.add(new Key(sku.getBytes(StandardCharsets.UTF_8), fingerprint, ordinal, tag, bytes));
    if (buffer.size() == runSize) {
      spill();
    }
  }

  /** Every key added, in SKU order; once. */
  void forEachSorted(Consumer<Key> keys) {
    buffer.sort(ORDER);
    if (runs.isEmpty()) {
      buffer.forEach(keys);
      buffer.clear();
      return;
    }
    if (!buffer.isEmpty()) {
      spill();
    }
    try {
      PriorityQueue<RunReader> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));
      for (FileChannel run : runs) {
        run.position(0);
        RunReader reader = new RunReader(run);
        if (reader.next()) {
          heads.add(reader);
        }
      }
      while (!heads.isEmpty()) {
        RunReader reader = heads.poll();
        keys.accept(reader.head);
        if (reader.next()) {
          heads.add(reader);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the temporary SKU file", e);
    }
  }

  private void spill() {
    buffer.sort(ORDER);
    try {
      Path file = Files.createTempFile("enrich-skus-", ".run");
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      runs.add(channel);
      try {
        Files.delete(file); // the open channel keeps the data until it is closed or the process ends
      } catch (IOException notOnThisSystem) {
        file.toFile().deleteOnExit();
      }
      // Closing the stream flushes it but leaves the channel open for the merge.
      OutputStream toChannel = new FilterOutputStream(Channels.newOutputStream(channel)) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          flush();
        }
      };
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(toChannel, 1 << 16))) {
        out.writeInt(buffer.size());
        for (Key k : buffer) {
          out.writeInt(k.sku().length);
          out.write(k.sku());
          out.writeUTF(k.fingerprint());
          out.writeInt(k.ordinal());
          out.writeByte(k.tag());
          out.writeInt(k.bytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the temporary SKU file (disk full?)", e);
    }
    buffer.clear();
  }

  @Override
  public void close() {
    for (FileChannel run : runs) {
      try {
        run.close();
      } catch (IOException ignored) {
        // deleteOnExit is the fallback where the file could not be unlinked while open.
      }
    }
    runs.clear();
    buffer.clear();
  }

  /** Reads one spilled run back, key by key. */
  private static final class RunReader {
    private final DataInputStream in;
    private int left;
    private Key head;

    RunReader(FileChannel run) throws IOException {
      // Not closed here: closing would close the channel, which close() owns.
      in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(run), 1 << 16));
      left = in.readInt();
    }

    boolean next() throws IOException {
      if (left == 0) {
        return false;
      }
      left--;
      try {
        byte[] sku = new byte[in.readInt()];
        in.readFully(sku);
        head = new Key(sku, in.readUTF(), in.readInt(), in.readUnsignedByte(), in.readInt());
      } catch (EOFException e) {
        throw new IllegalStateException("the temporary SKU file was cut short", e);
      }
      return true;
    }
  }
}
