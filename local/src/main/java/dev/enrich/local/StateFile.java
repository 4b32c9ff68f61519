package dev.enrich.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.OperationInterruptedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code local-stack.json} in the data directory: which process runs the stack there, and which
 * dynalite child it started. A JVM killed with -9 leaves the file behind; the next start reads it
 * to refuse a second stack on the same data, or to stop a dynalite the killed one left running.
 */
final class StateFile {
  /** Process start times come from the kernel in coarse units: allow this much skew. */
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  record Entry(long ownerPid, long dynalitePid, int sqsPort, int dynamoPort, int mongoPort, Instant startedAt) {}

  private final Path path;

  StateFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  Optional<Entry> read() {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(path.toFile());
      return Optional.of(new Entry(
          node.path("owner_pid").asLong(), node.path("dynalite_pid").asLong(),
          node.path("sqs_port").asInt(), node.path("dynamo_port").asInt(), node.path("mongo_port").asInt(),
          Instant.parse(node.path("started_at").asText())));
    } catch (JsonProcessingException | DateTimeParseException e) {
      throw new InvalidInputException(path + " is not a local stack state file: if no 'enrich local up' runs on this data dir, delete it");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Written whole then moved into place, so a reader never sees half a file. */
  void write(Entry entry) {
    ObjectNode node = JSON.createObjectNode()
        .put("owner_pid", entry.ownerPid())
        .put("dynalite_pid", entry.dynalitePid())
        .put("sqs_port", entry.sqsPort())
        .put("dynamo_port", entry.dynamoPort())
        .put("mongo_port", entry.mongoPort())
        .put("started_at", entry.startedAt().toString());
    Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  /**
   * Clears the way for a new stack: refuses while the recorded owner still runs, otherwise stops
   * what a killed owner left behind and deletes the file.
   */
  void clearLeftover(Consumer<String> notices) {
    Optional<Entry> found = read();
    if (found.isEmpty()) {
      return;
    }
    Entry entry = found.get();
    if (startedBy(entry.ownerPid(), entry).isPresent()) {
      throw new InvalidInputException("a local stack is already running (pid " + entry.ownerPid()
          + ", data dir " + path.getParent() + "): stop it first");
    }
    Optional<ProcessHandle> dynalite = startedBy(entry.dynalitePid(), entry).filter(StateFile::runsNode);
    if (dynalite.isPresent()) {
      stop(dynalite.get());
      notices.accept("cleaned up after an earlier local stack that was killed: stopped dynalite pid "
          + entry.dynalitePid());
    } else {
      notices.accept("an earlier local stack (pid " + entry.ownerPid()
          + ") ended without stopping; nothing was left running");
    }
    delete();
  }

  /**
   * The live process with this pid, if it started before the file was written: a pid reused
   * since (after a reboot, say) belongs to someone else and must be neither obeyed nor killed.
   */
  private static Optional<ProcessHandle> startedBy(long pid, Entry entry) {
    if (pid <= 0) {
      return Optional.empty();
    }
    Instant latest = entry.startedAt().plus(CLOCK_SLACK);
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant().map(start -> !start.isAfter(latest)).orElse(true));
  }

  private static boolean runsNode(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    return info.commandLine().or(info::command).map(c -> c.contains("node")).orElse(false);
  }

  /**
   * SIGTERM (dynalite-child.js then closes LevelDB), SIGKILL if it has not exited in time. Not
   * {@link DynaliteProcess#close()}: this process is not our child, so it has no stdin of ours.
   */
  private static void stop(ProcessHandle process) {
    process.destroy();
    if (!exitsWithin(process, STOP_GRACE)) {
      process.destroyForcibly();
      if (!exitsWithin(process, STOP_GRACE)) {
        throw new InvalidInputException("dynalite pid " + process.pid()
            + ", left by an earlier local stack, cannot be stopped: stop it by hand, then retry");
      }
    }
  }

  private static boolean exitsWithin(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for pid " + process.pid() + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationInterruptedException("interrupted while stopping dynalite pid " + process.pid());
    }
  }
}
