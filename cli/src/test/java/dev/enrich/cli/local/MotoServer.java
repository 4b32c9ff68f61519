package dev.enrich.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto_server (Python moto: SQS, DynamoDB and more, written independently of ElasticMQ and
 * dynalite) as a child process on a free loopback port, for the second run of the integration
 * tests ({@code -Denrich.it.aws=moto}). It runs under a small sh parent that stops it when the
 * parent's stdin reaches EOF, so it never outlives the JVM, even one killed with -9.
 */
public final class MotoServer implements AutoCloseable {
  /** Which SQS and DynamoDB the integration tests run on: {@code local} (default) or {@code moto}. */
  static final String PROPERTY = "enrich.it.aws";
  static final int EXIT_NOT_INSTALLED = 127;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final int STDERR_TAIL_LINES = 10;
  /** Werkzeug's start-up line, printed once the socket listens: {@code * Running on http://127.0.0.1:40123}. */
  private static final Pattern RUNNING = Pattern.compile("Running on http://[^\\s:]+:(\\d+)");
  // moto_server binds port 0 itself (no race for a port picked here) and prints the real one. Its
  // stdin is /dev/null; the parent's is the JVM's pipe. The parent lets go of the output pipes, so
  // they reach EOF as soon as moto_server dies: a failed start is reported at once.
  private static final String WRAPPER = String.join("\n",
      "command -v moto_server >/dev/null 2>&1 || exit " + EXIT_NOT_INSTALLED,
      "moto_server -H \"$1\" -p 0 </dev/null &",
      "child=$!",
      "exec >/dev/null 2>&1",
      "cat",
      "kill \"$child\" 2>/dev/null",
      "wait \"$child\"");

  private final Process process;
  private final URI endpoint;
  private final MotoProxy sqs;
  private final MotoProxy dynamo;

  private MotoServer(Process process, URI endpoint, MotoProxy sqs, MotoProxy dynamo) {
    this.process = process;
    this.endpoint = endpoint;
    this.sqs = sqs;
    this.dynamo = dynamo;
  }

  /** True when {@value #PROPERTY} asks for moto; any value but {@code local} or {@code moto} fails. */
  static boolean selected() {
    String value = System.getProperty(PROPERTY, "local");
    return switch (value) {
      case "local" -> false;
      case "moto" -> true;
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be local (ElasticMQ and dynalite) or moto (moto_server), not " + value);
    };
  }

  /** A moto_server of its own, for a test that needs an API only moto serves (SNS, S3), whatever the run. */
  public static MotoServer start(String host) {
    Process process;
    try {
      process = new ProcessBuilder(List.of("sh", "-c", WRAPPER, "moto-server", host)).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run sh to start moto_server: " + e.getMessage(), e);
    }
    Deque<String> tail = new ArrayDeque<>();
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    daemon("moto-stdout", () -> drain(process.getInputStream(), tail, ready));
    Thread stderr = daemon("moto-stderr", () -> drain(process.getErrorStream(), tail, ready));
    try {
      URI endpoint = URI.create("http://" + host + ":" + ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      MotoProxy sqs = MotoProxy.sqs(host, endpoint);
      try {
        return new MotoServer(process, endpoint, sqs, MotoProxy.dynamo(host, endpoint));
      } catch (IOException e) {
        sqs.close();
        throw e;
      }
    } catch (IOException e) {
      stop(process);
      throw new UncheckedIOException("cannot start the proxies in front of moto_server", e);
    } catch (ExecutionException | TimeoutException e) {
      stop(process);
      join(stderr);
      if (e instanceof TimeoutException) {
        throw new IllegalStateException("moto_server was not ready within " + READY_TIMEOUT.toSeconds() + " s"
            + tail(tail));
      }
      if (process.exitValue() == EXIT_NOT_INSTALLED) {
        throw new IllegalStateException("moto_server is not installed (needed by -D" + PROPERTY
            + "=moto): pip install 'moto[server]'");
      }
      throw new IllegalStateException("moto_server stopped before it was ready" + tail(tail));
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting moto_server");
    }
  }

  /** moto_server itself, for the APIs that need no proxy: S3 (path-style, see {@link MotoS3}), SNS, STS. */
  public URI endpoint() {
    return endpoint;
  }

  /** moto_server's SQS, through a {@link MotoProxy}. */
  public URI sqsEndpoint() {
    return sqs.endpoint();
  }

  /** moto_server's DynamoDB, through a {@link MotoProxy}. */
  URI dynamoEndpoint() {
    return dynamo.endpoint();
  }

  @Override
  public void close() {
    sqs.close();
    dynamo.close();
    stop(process);
  }

  /** EOF on the parent's stdin stops moto_server; SIGTERM, then SIGKILL, to both if that does not. */
  private static void stop(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The parent has already gone: the kills below see to its child.
    }
    try {
      if (process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      List<ProcessHandle> family = process.descendants().toList();
      family.forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        family.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Reads until EOF (a full pipe would block moto, which logs every request), noting the port. */
  private static void drain(InputStream in, Deque<String> tail, CompletableFuture<Integer> ready) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        Matcher running = RUNNING.matcher(line);
        if (!ready.isDone() && running.find()) {
          ready.complete(Integer.parseInt(running.group(1)));
        }
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > STDERR_TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IOException("moto_server closed its output before it was ready"));
  }

  private static String tail(Deque<String> tail) {
    synchronized (tail) {
      return tail.isEmpty() ? " (no output)" : ":\n  " + String.join("\n  ", tail);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
