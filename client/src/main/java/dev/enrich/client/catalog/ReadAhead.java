package dev.enrich.client.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Parses a catalog on a thread of its own while the caller checks the records, in file order:
 * on a multi-core machine the checking pass then takes the longer of the two, not their sum.
 * Records travel in chunks through a small bounded queue, so memory stays flat; an error on either
 * side stops both and reaches the caller.
 */
final class ReadAhead {
  private static final int CHUNK = 256;
  private static final int CHUNKS_IN_FLIGHT = 16;

  private sealed interface Item permits Header, Records, End, Failure {}

  private record Header(List<String> columns) implements Item {}

  private record Records(List<RawRecord> records) implements Item {}

  private record End(String hash) implements Item {}

  private record Failure(RuntimeException error) implements Item {}

  /** Thrown inside the reader thread to stop it when the caller gave up. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
  private volatile boolean stopped;

  private ReadAhead() {}

  /**
   * Runs {@code read} (which feeds the sink it is given and returns the content hash) on a reader
   * thread and delivers its header and records to {@code sink} on this thread.
   */
  static String run(Function<RecordSink, String> read, RecordSink sink) {
    ReadAhead pipe = new ReadAhead();
    Thread reader = new Thread(() -> pipe.produce(read), "enrich-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      return pipe.consume(sink);
    } finally {
      pipe.stopped = true;
      pipe.queue.clear();
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void produce(Function<RecordSink, String> read) {
    List<RawRecord>[] chunk = newChunk();
    try {
      String hash = read.apply(new RecordSink() {
        @Override
        public void header(List<String> columns) {
          put(new Header(List.copyOf(columns)));
        }

        @Override
        public void record(RawRecord record) {
          chunk[0].add(record);
          if (chunk[0].size() == CHUNK) {
            put(new Records(chunk[0]));
            chunk[0] = new ArrayList<>(CHUNK);
          }
        }
      });
      if (!chunk[0].isEmpty()) {
        put(new Records(chunk[0]));
      }
      put(new End(hash));
    } catch (Stopped e) {
      // the caller stopped reading
    } catch (RuntimeException e) {
      put(new Failure(e));
    } catch (Error e) {
      put(new Failure(new IllegalStateException("the catalog reader failed: " + e, e)));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<RawRecord>[] newChunk() {
    return new List[] {new ArrayList<RawRecord>(CHUNK)};
  }

  private void put(Item item) {
    try {
      while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
        if (stopped) {
          throw new Stopped();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  private String consume(RecordSink sink) {
    while (true) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the catalog", e);
      }
      if (item instanceof Header h) {
        sink.header(h.columns());
      } else if (item instanceof Records r) {
        r.records().forEach(sink::record);
      } else if (item instanceof End end) {
        return end.hash();
      } else if (item instanceof Failure f) {
        throw f.error();
      }
    }
  }
}
