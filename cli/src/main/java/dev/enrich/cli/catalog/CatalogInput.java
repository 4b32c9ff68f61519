package dev.enrich.cli.catalog;

import dev.enrich.cli.EnrichException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A catalog to read, possibly more than once: a file, or standard input spooled to a temporary
 * file so it can be read twice (once to check and count, once to send).
 *
 * @param path where the bytes are
 * @param displayName how errors name it: the argument as given, or {@code stdin}
 * @param sourceName the file name recorded with the catalog and used in derived catalog ids
 * @param format the format asked for with {@code --format}, if any
 */
public record CatalogInput(Path path, String displayName, String sourceName, Charset charset,
    Optional<CatalogFormat> format, boolean spooled) implements AutoCloseable {

  public static final String STDIN = "-";

  /** Opens {@code argument}: a file path, or {@code -} for {@code stdin} (spooled to a temp file). */
  public static CatalogInput open(String argument, Charset charset, Optional<CatalogFormat> format, InputStream stdin) {
    if (STDIN.equals(argument)) {
      try {
        Path spool = Files.createTempFile("enrich-stdin-", ".catalog");
        spool.toFile().deleteOnExit();
        Files.copy(stdin, spool, StandardCopyOption.REPLACE_EXISTING);
        return new CatalogInput(spool, "stdin", "stdin", charset, format, true);
      } catch (IOException e) {
        throw EnrichException.invalidInput("stdin: cannot spool the catalog to a temporary file: " + e.getMessage());
      }
    }
    Path path = Path.of(argument);
    if (Files.isDirectory(path)) {
      throw EnrichException.invalidInput(argument + ": is a directory, not a catalog file");
    }
    if (!Files.isReadable(path)) {
      throw EnrichException.invalidInput(argument + (Files.exists(path) ? ": cannot be read (permissions?)" : ": no such file"));
    }
    return new CatalogInput(path, argument, path.getFileName().toString(), charset, format, false);
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
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // deleteOnExit is the fallback for a spool file we cannot remove now.
      }
    }
  }
}
