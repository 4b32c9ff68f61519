package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real jar run in a real terminal: a detached tmux session of a given size whose screen a test
 * reads and types into, as a person would. The command's exit code lands in a file when it ends;
 * closing the session kills it, whatever the test's outcome.
 *
 * <pre>
 * try (TerminalSession t = TerminalSession.start("watch", 100, 30, Map.of(), dir, "status", id, "--watch")) {
 *   t.awaitScreen("COMPLETED", Duration.ofSeconds(60));
 *   assertEquals("0", t.awaitExit(Duration.ofSeconds(90)));
 * }
 * </pre>
 */
public final class TerminalSession implements AutoCloseable {
  private final String name;
  private final Path exitFile;

  private TerminalSession(String name, Path exitFile) {
    this.name = name;
    this.exitFile = exitFile;
  }

  /**
   * Starts {@code java -jar enrich.jar ARGS...} in a {@code width} x {@code height} xterm with
   * {@code env} added; the exit code goes to a file in {@code dir}.
   */
  public static TerminalSession start(String label, int width, int height, Map<String, String> env, Path dir,
      String... args) throws Exception {
    String name = "enrich-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path exitFile = dir.resolve(name + ".exit");
    StringBuilder command = new StringBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
        .append(" -jar ").append(System.getProperty("enrich.jar", "target/enrich.jar"));
    for (String arg : args) {
      command.append(' ').append(arg);
    }
    command.append("; echo $? > ").append(exitFile).append("; sleep 60");
    List<String> tmux = new ArrayList<>(List.of("tmux", "new-session", "-d", "-s", name, "-x",
        Integer.toString(width), "-y", Integer.toString(height), "-e", "TERM=xterm-256color"));
    env.forEach((key, value) -> tmux.addAll(List.of("-e", key + "=" + value)));
    tmux.addAll(List.of("bash", "-c", command.toString()));
    run(tmux.toArray(String[]::new));
    return new TerminalSession(name, exitFile);
  }

  /** What the terminal shows now. */
  public String screen() throws Exception {
    return run("tmux", "capture-pane", "-p", "-t", name);
  }

  /** The screen once it shows {@code text}. */
  public String awaitScreen(String text, Duration timeout) throws Exception {
    return Await.until(this::screen, s -> s.contains(text), timeout,
        s -> "the screen to show \"" + text + "\":\n" + s);
  }

  /** Types {@code keys} (tmux key names: {@code Enter}, {@code C-c}). */
  public void keys(String... keys) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "send-keys", "-t", name));
    command.addAll(List.of(keys));
    run(command.toArray(String[]::new));
  }

  /** Whether the command has ended. */
  public boolean ended() throws IOException {
    return Files.exists(exitFile) && !Files.readString(exitFile).isBlank();
  }

  /** The command's exit code, once it has ended. */
  public String awaitExit(Duration timeout) throws Exception {
    Await.until(this::ended, timeout, () -> "the command to end:\n" + screen());
    return Files.readString(exitFile).strip();
  }

  @Override
  public void close() throws Exception {
    run("tmux", "kill-session", "-t", name);
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }
}
