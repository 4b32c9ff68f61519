package dev.enrich.client.catalog;

import java.util.List;

/** Receives a catalog's records in file order. */
public interface RecordSink {
  /** The column names of a delimited file, before its first record. */
  default void header(List<String> columns) {}

  void record(RawRecord record);
}
