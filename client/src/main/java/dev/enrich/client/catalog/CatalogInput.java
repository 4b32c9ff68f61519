package dev.enrich.client.catalog;

import dev.enrich.client.EnrichException;
import dev.enrich.client.config.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A catalog to read, possibly more than once: a file, or standard input (or a pipe) spooled to a
 * temporary file so it can be read twice (once to check and count, once to send).
 *
 * @param path where the bytes are
 * @param displayName how errors name it: the argument as given, or {@code stdin}
 * @param sourceName the file name recorded with the catalog and used in derived catalog ids
 * @param format the format asked for with {@code --format}, if any
 */
public record CatalogInput(Path path, String displayName, String sourceName, Charset charset,
    Optional<CatalogFormat> format, boolean spooled) implements AutoCloseable {

  public static final String STDIN = "-";

  /** Opens {@code argument} without a size limit (tests and benchmarks; commands pass theirs). */
  public static CatalogInput open(String argument, Charset charset, Optional<CatalogFormat> format, InputStream stdin) {
    return open(argument, charset, format, stdin, Long.MAX_VALUE);
  }

  /**
   * Opens {@code argument}: a file path, or {@code -} for {@code stdin}. A catalog over {@code maxBytes}
   * is refused before anything is parsed: a file by its size; stdin, and a pipe given as a path, have
   * none up front, so they are spooled to a temporary file (they must be read twice anyway), counted,
   * and refused as soon as they cross the limit.
   */
  public static CatalogInput open(String argument, Charset charset, Optional<CatalogFormat> format, InputStream stdin,
      long maxBytes) {
    if (STDIN.equals(argument)) {
      return spool(stdin, "stdin", "stdin", charset, format, maxBytes);
    }
    Path path = Path.of(argument);
    if (Files.isDirectory(path)) {
      throw EnrichException.invalidInput(argument + ": is a directory, not a catalog file");
    }
    if (!Files.isReadable(path)) {
      throw EnrichException.invalidInput(argument + (Files.exists(path) ? ": cannot be read (permissions?)" : ": no such file"));
    }
    if (!Files.isRegularFile(path)) {
      // A named pipe or process substitution (<(gzip -dc catalog.csv.gz)): readable once, size unknown.
      try (InputStream in = Files.newInputStream(path)) {
        return spool(in, argument, fileName(path, argument), charset, format, maxBytes);
      } catch (IOException e) {
        throw EnrichException.invalidInput(argument + ": cannot read: " + e.getMessage());
      }
    }
    CatalogInput input = new CatalogInput(path, argument, fileName(path, argument), charset, format, false);
    requireWithinLimit(argument, input.size(), maxBytes);
    return input;
  }

  /**
   * Refuses a catalog of {@code size} bytes over {@code maxBytes} as a file is refused: for a source
   * whose size is known before it is read (an S3 object's), so nothing is downloaded or parsed.
   */
  public static void requireWithinLimit(String displayName, long size, long maxBytes) {
    if (size > maxBytes) {
      throw tooLarge(displayName, ByteSize.format(size) + " (" + String.format(Locale.ROOT, "%,d", size) + " bytes)",
          maxBytes, ByteSize.roundUp(size));
    }
  }

  /**
   * A catalog already written to a temporary file the input now owns (closing it deletes the file);
   * refused, and the file deleted, when it is over {@code maxBytes}.
   */
  public static CatalogInput adopt(Path spooled, String name, Charset charset, Optional<CatalogFormat> format,
      long maxBytes) {
    long size;
    try {
      size = Files.size(spooled);
    } catch (IOException e) {
      deleteQuietly(spooled);
      throw EnrichException.invalidInput(name + ": cannot read the spooled catalog: " + e.getMessage());
    }
    if (size > maxBytes) {
      deleteQuietly(spooled);
      throw tooLarge(name, ByteSize.format(size), maxBytes, ByteSize.roundUp(size));
    }
    return new CatalogInput(spooled, name, name, charset, format, true);
  }

  public static CatalogInput spool(InputStream in, String displayName, String sourceName, Charset charset,
      Optional<CatalogFormat> format, long maxBytes) {
    Path spool;
    try {
      spool = Files.createTempFile("enrich-stdin-", ".catalog");
    } catch (IOException e) {
      throw EnrichException.invalidInput(displayName + ": cannot spool the catalog to a temporary file: " + e.getMessage());
    }
    spool.toFile().deleteOnExit();
    boolean kept = false;
    try (OutputStream out = Files.newOutputStream(spool)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (total > maxBytes) {
          // Stop reading here: what is past the limit is never needed, and nothing has been parsed or sent.
          throw tooLarge(displayName, "more than " + ByteSize.format(maxBytes), maxBytes, ByteSize.roundUp(maxBytes + 1));
        }
        out.write(buffer, 0, n);
      }
      kept = true;
    } catch (IOException e) {
      throw EnrichException.invalidInput(displayName + ": cannot spool the catalog to a temporary file: " + e.getMessage());
    } finally {
      if (!kept) {
        deleteQuietly(spool);
      }
    }
    return new CatalogInput(spool, displayName, sourceName, charset, format, true);
  }

  private static EnrichException tooLarge(String displayName, String size, long maxBytes, ByteSize suggestion) {
    return EnrichException.invalidInput(displayName + ": " + size + " is over the catalog size limit of "
        + ByteSize.format(maxBytes) + "; nothing checked or sent (raise it with --max-catalog-size " + suggestion
        + ", ENRICH_MAX_CATALOG_SIZE or max_catalog_size in the profile)");
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // deleteOnExit is the fallback for a spool file we cannot remove now.
    }
  }

  InputStream openStream() {
    try {
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw EnrichException.invalidInput(displayName + ": no such file (it was there a moment ago)");
    } catch (IOException e) {
      throw EnrichException.invalidInput(displayName + ": cannot read: " + e.getMessage());
    }
  }

  public long size() {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw EnrichException.invalidInput(displayName + ": cannot read: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (spooled) {
      deleteQuietly(path);
    }
  }

  /** The file's own name, for the catalog id and messages; the argument itself for a root like "/". */
  private static String fileName(Path path, String argument) {
    Path name = path.getFileName();
    return name == null ? argument : name.toString();
  }
}
