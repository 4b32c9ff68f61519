package dev.enrich.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code enrich} jar in a JVM of its own, as a user runs it: exit code, stdout and stderr.
 * Its environment holds no {@code ENRICH_*}, {@code MONGODB_URI} or {@code KEEPA_API_KEY} of the
 * machine running the test and no profile file, only what the test passes.
 */
public record JarRun(String name, int exitCode, String out, String err) {

  /** The jar of the local stack's embedded servers, which scripts/enrich puts beside enrich.jar. */
  public static Path serversJar() {
    Path jar = Path.of(System.getProperty("enrich.local.jar", "../local/target/enrich-local.jar"));
    assertTrue(Files.isRegularFile(jar), "the local servers' jar is built before integration tests: " + jar);
    return jar;
  }

  /** The command scripts/enrich runs, without the archive: java, both jars, the main class. */
  public static List<String> launcher() {
    return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        jar() + java.io.File.pathSeparator + serversJar(), "dev.enrich.cli.EnrichCommand"));
  }

  /** The jar built before integration tests. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("enrich.jar", "target/enrich.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built before integration tests: " + jar);
    return jar;
  }

  /** Runs to the end; {@code stdin} may be null (then stdin is empty). */
  public static JarRun run(String name, Path dir, Map<String, String> env, byte[] stdin, Duration timeout,
      List<String> args) {
    Process p = start(name, dir, env, args);
    try {
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      } catch (IOException e) {
        // The command stopped reading (for example at a size limit): what it read is what counts.
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new AssertionError(name + ": still running after " + timeout + "\n" + finished(name, dir, p));
      }
      return finished(name, dir, p);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted", e);
    }
  }

  public static JarRun run(String name, Path dir, Map<String, String> env, String... args) {
    return run(name, dir, env, null, Duration.ofSeconds(120), List.of(args));
  }

  /** Starts the jar with stdout and stderr going to {@code dir/NAME.out} and {@code dir/NAME.err}. */
  public static Process start(String name, Path dir, Map<String, String> env, List<String> args) {
    List<String> command = launcher();
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("ENRICH_") || k.equals("MONGODB_URI") || k.equals("KEEPA_API_KEY"));
    environment.put("ENRICH_CONFIG_FILE", dir.resolve("no-profile").toString());
    environment.putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The outcome of a process started by {@link #start} that has ended. */
  public static JarRun finished(String name, Path dir, Process p) {
    try {
      return new JarRun(name, p.exitValue(), Files.readString(dir.resolve(name + ".out"), UTF_8),
          Files.readString(dir.resolve(name + ".err"), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name + ": exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
