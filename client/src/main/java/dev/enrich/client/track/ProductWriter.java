package dev.enrich.client.track;

import java.io.IOException;

/** Writes exported products one at a time in one format; never holds more than the current one. */
interface ProductWriter {
  void start() throws IOException;

  void write(ExportedProduct product) throws IOException;

  /** Ends the document and flushes; the underlying writer stays open (it may be stdout). */
  void finish(ExportCounts counts) throws IOException;
}
