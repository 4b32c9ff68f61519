package dev.enrich.local;

import dev.enrich.client.InvalidInputException;
import dev.enrich.client.OperationInterruptedException;
import dev.enrich.client.RemoteServiceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * dynalite, the local DynamoDB server, as a node child process running {@code dynalite-child.js}.
 * The child ignores SIGINT and exits when its stdin reaches EOF: Ctrl-C leaves it serving while
 * the JVM finishes in-flight work, and it never outlives the JVM, even one killed with -9.
 */
public final class DynaliteProcess implements AutoCloseable {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
  static final Duration STOP_GRACE = Duration.ofSeconds(5);
  // Exit codes of dynalite-child.js.
  static final int EXIT_PORT_IN_USE = 98;
  static final int EXIT_NODE_TOO_OLD = 3;

  private static final String SCRIPT = "dynalite-child.js";
  private static final int STDERR_TAIL_LINES = 10;

  private final Process process;
  private final int port;

  private DynaliteProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** A server that keeps its tables in memory. {@code port} 0 picks a free one. */
  public static DynaliteProcess inMemory(String host, int port) {
    return start(NodeModules.nodeExecutable(), NodeModules.locateDynalite(), host, port, null, READY_TIMEOUT);
  }

  /** A server that keeps its tables in a LevelDB directory. {@code port} 0 picks a free one. */
  public static DynaliteProcess persistent(String host, int port, Path directory) {
    return start(NodeModules.nodeExecutable(), NodeModules.locateDynalite(), host, port,
        directory.toAbsolutePath(), READY_TIMEOUT);
  }

  static DynaliteProcess start(Path node, Path nodeModules, String host, int port, Path directory,
      Duration readyTimeout) {
    List<String> command = new ArrayList<>(List.of(
        node.toString(), "-e", script(), "--", "--host", host, "--port", Integer.toString(port)));
    if (directory != null) {
      command.add("--path");
      command.add(directory.toString());
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("NODE_PATH", nodeModules.toString());
    // require() looks in the working directory's node_modules before NODE_PATH: start next to the
    // install we located, not wherever the user happens to be (which may hold another dynalite).
    Path installDir = nodeModules.toAbsolutePath().getParent();
    builder.directory((installDir != null ? installDir : nodeModules).toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new InvalidInputException("cannot run " + node + " for dynalite: " + e.getMessage(), e);
    }
    Deque<String> stderrTail = new ArrayDeque<>();
    Thread stderrReader = daemon("dynalite-stderr", () -> drain(process.getErrorStream(), stderrTail));
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    daemon("dynalite-stdout", () -> awaitReady(process.getInputStream(), ready));
    try {
      return new DynaliteProcess(process, ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      int exit = waitForExit(process, stderrReader);
      if (exit == EXIT_PORT_IN_USE) {
        throw new PortInUseException("DynamoDB, dynalite", port, "--dynamodb-port", null);
      }
      String message = "dynalite (the local DynamoDB server) exited with code " + exit + " before it was ready"
          + tail(stderrTail);
      throw exit == EXIT_NODE_TOO_OLD ? new InvalidInputException(message) : new RemoteServiceException(message);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      waitForExit(process, stderrReader);
      throw new RemoteServiceException("dynalite (the local DynamoDB server) was not ready within " + readyTimeout.toSeconds() + " s"
              + tail(stderrTail));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new OperationInterruptedException("interrupted while starting dynalite");
    }
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the child: EOF on its stdin asks it to close LevelDB and exit; SIGTERM, then SIGKILL,
   * if it has not within {@link #STOP_GRACE} each.
   */
  @Override
  public void close() {
    try {
      closeStdin();
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** What the child sees when the JVM dies; the tests use it to prove the child then exits. */
  void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // A broken pipe means the child has already gone, which is what closing asks for; close()
      // still waits for and, if needed, kills the process.
      if (process.isAlive()) {
        throw new UncheckedIOException("cannot close dynalite's stdin (pid " + process.pid() + ")", e);
      }
    }
  }

  private static String script() {
    try (InputStream in = DynaliteProcess.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the local stack's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCRIPT + " from the enrich jar", e);
    }
  }

  private static void awaitReady(InputStream stdout, CompletableFuture<Integer> ready) {
    try (BufferedReader lines = reader(stdout)) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!ready.isDone() && line.startsWith("READY ")) {
          ready.complete(Integer.parseInt(line.substring("READY ".length()).trim()));
        }
        // Keep reading after READY: a full pipe would block the child on its next write.
      }
    } catch (IOException | RuntimeException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IOException("dynalite closed its stdout before it was ready"));
  }

  private static void drain(InputStream stderr, Deque<String> tail) {
    try (BufferedReader lines = reader(stderr)) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > STDERR_TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      synchronized (tail) {
        tail.addLast("(reading dynalite's stderr failed: " + e.getMessage() + ")");
      }
    }
  }

  private static int waitForExit(Process process, Thread stderrReader) {
    try {
      // Still running if it printed something other than READY and closed stdout: not ours to keep.
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
      // The whole stderr, for the error message: it ends soon after the process.
      stderrReader.join(Duration.ofSeconds(1).toMillis());
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationInterruptedException("interrupted while starting dynalite");
    }
  }

  private static String tail(Deque<String> stderrTail) {
    synchronized (stderrTail) {
      return stderrTail.isEmpty() ? " (no output on stderr)" : ":\n  " + String.join("\n  ", stderrTail);
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
