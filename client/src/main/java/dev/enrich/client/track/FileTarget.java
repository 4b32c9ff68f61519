package dev.enrich.client.track;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.enrich.client.EnrichException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output file that appears only complete: the export is written to a hidden temporary file in
 * the same directory ({@code .NAME.RANDOM.part}), synced, and renamed over the final name in one
 * atomic step. A failed export removes its temporary file; so does Ctrl-C, as the JVM shuts down. A
 * {@code kill -9} can leave the hidden file, never a partial file under the final name.
 *
 * <pre>{@code
 * ExportSummary done = client.export(id, ExportFormat.csv, FileTarget.check(Path.of("out.csv"), true));
 * }</pre>
 */
public final class FileTarget implements ExportTarget {
  private final Path target;
  private final String shown;
  private final boolean replace;
  private Path temp;
  private FileChannel channel;
  private Writer writer;
  private boolean committed;

  private FileTarget(Path target, String shown, boolean replace) {
    this.target = target;
    this.shown = shown;
    this.replace = replace;
  }

  /**
   * Checks the target before anything is read, so a refused file costs no remote call.
   *
   * @param replace whether an existing file may be replaced ({@code --force})
   */
  public static FileTarget check(Path target, boolean replace) {
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw EnrichException.invalidInput(target + " is a directory; give a file name");
    }
    if (!replace && Files.exists(absolute, NOFOLLOW_LINKS)) {
      throw EnrichException.invalidInput(target + " already exists (use --force to replace it)");
    }
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw EnrichException.invalidInput("cannot write " + target + ": its directory does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw EnrichException.invalidInput("cannot write " + target + ": its directory is not writable");
    }
    return new FileTarget(absolute, target.toString(), replace);
  }

  @Override
  public Writer open() throws IOException {
    for (int attempt = 1; channel == null; attempt++) {
      Path candidate = target.resolveSibling("." + target.getFileName() + "."
          + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".part");
      try {
        // Not Files.createTempFile: its 0600 mode would stay on the final file; this one gets the umask's.
        channel = FileChannel.open(candidate, CREATE_NEW, WRITE);
        temp = candidate;
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
    temp.toFile().deleteOnExit();
    writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), 1 << 16);
    return writer;
  }

  @Override
  public void check() {
    // A file write fails loudly by itself.
  }

  @Override
  public void commit() throws IOException {
    writer.flush();
    // On disk before the name points at it: a crash right after the rename must not show an empty file.
    channel.force(true);
    writer.close();
    if (!replace && Files.exists(target, NOFOLLOW_LINKS)) {
      throw EnrichException.invalidInput(shown + " was created by something else during the export "
          + "(use --force to replace it)");
    }
    // rename(2): the final name shows the old file or the new one, never a part of either.
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (committed || temp == null) {
      return;
    }
    try {
      writer.close();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public String describe() {
    return shown;
  }

  /** The temporary file being written, if any (for tests). */
  Path temporaryFile() {
    return temp;
  }
}
