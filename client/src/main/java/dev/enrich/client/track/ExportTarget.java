package dev.enrich.client.track;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Where an export goes: a file replaced only when complete ({@link FileTarget}), or a stream.
 *
 * <pre>{@code
 * client.export(id, ExportFormat.csv, FileTarget.check(Path.of("spring.csv"), false));
 * client.export(id, ExportFormat.json, ExportTarget.stream(new PrintWriter(response.getWriter()), "response"));
 * }</pre>
 */
public interface ExportTarget extends AutoCloseable {

  /** Opens the output; called once, after the catalog is known to exist. */
  Writer open() throws IOException;

  /** Fails when the output can no longer be written (a closed pipe), so a long export stops early. */
  void check() throws IOException;

  /** Makes the complete output visible. */
  void commit() throws IOException;

  /** Without a commit, removes whatever was written that a reader could mistake for a result. */
  @Override
  void close() throws IOException;

  /** For messages: the file name, or {@code stdout}. */
  String describe();

  /** Standard output: written as it goes, never closed. */
  static ExportTarget stream(PrintWriter out, String name) {
    return new ExportTarget() {
      @Override
      public Writer open() {
        return out;
      }

      @Override
      public void check() throws IOException {
        // PrintWriter keeps its errors to itself; checkError() also flushes.
        if (out.checkError()) {
          throw new IOException("the stream is closed");
        }
      }

      @Override
      public void commit() throws IOException {
        check();
      }

      @Override
      public void close() {
        out.flush();
      }

      @Override
      public String describe() {
        return name;
      }
    };
  }
}
