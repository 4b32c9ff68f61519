package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.ProcessReaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enrich local up} as a user runs it: the shaded jar in its own JVM. Ctrl-C (SIGINT) stops
 * everything and leaves no child process; after a kill -9 the node child dies by itself and the
 * next start says what it found.
 */
class LocalUpProcessIT {
  private static final Pattern SQS = Pattern.compile("(?m)^sqs\\s+(\\S+)");
  private static final Pattern DYNAMO = Pattern.compile("(?m)^dynamodb\\s+(\\S+).*dynalite pid (\\d+)");

  @TempDir Path dir;
  @RegisterExtension
  final ProcessReaper reaper = new ProcessReaper();

  /** A running {@code local up} and what it printed. */
  private record Up(Process process, Path out, Path err, String sqs, String dynamo, long dynalitePid) {}

  private Up start(Path dataDir, String name) throws Exception {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process p = new ProcessBuilder(launcher(
        "local", "up", "--data-dir", dataDir.toString(),
        "--sqs-port", "0", "--dynamodb-port", "0", "--mongo-port", "0", "--poll-wait", "1"))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    reaper.track(p);
    Await.until(() -> {
      boolean ready = Files.readString(err).contains("local: ready");
      assertTrue(ready || p.isAlive(), "local up exited early:\n" + Files.readString(out) + Files.readString(err));
      return ready;
    }, Duration.ofSeconds(90), () -> "local up to be ready:\n" + Files.readString(err));
    String printed = Files.readString(out);
    Matcher sqs = SQS.matcher(printed);
    Matcher dynamo = DYNAMO.matcher(printed);
    assertTrue(sqs.find() && dynamo.find(), printed);
    return new Up(p, out, err, sqs.group(1), dynamo.group(1), Long.parseLong(dynamo.group(2)));
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void awaitDeath(long pid, Duration within, String what) throws InterruptedException {
    Await.until(() -> !alive(pid), within, what);
  }

  @Test
  void ctrlC_finishesWork_stopsEverything_andLeavesNoChildProcess() throws Exception {
    Path data = dir.resolve("data");
    Up up = start(data, "first");
    List<ProcessHandle> children = up.process().descendants().toList();
    assertTrue(children.stream().anyMatch(c -> c.pid() == up.dynalitePid()), "dynalite is a child of local up");

    String[] flags = {"--sqs-endpoint", up.sqs(), "--dynamodb-endpoint", up.dynamo()};
    Path catalog = Path.of(System.getProperty("enrich.home")).resolve("sample-catalogs/kitchen-12.csv");
    CliRun submit = CliRun.of(concat(new String[] {"submit", catalog.toString(), "--catalog-id", "k"}, flags));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
    CliRun status = Await.until(() -> CliRun.of(concat(new String[] {"status", "k"}, flags)),
        s -> s.out().contains("COMPLETED"), Duration.ofSeconds(30), Duration.ofMillis(200), s -> "k to complete: " + s);
    assertTrue(status.out().contains("12 / 12 done"), status.toString());

    signal("INT", up.process().pid());
    assertTrue(up.process().waitFor(60, TimeUnit.SECONDS), "local up did not stop on SIGINT");
    assertEquals(ExitCodes.INTERRUPTED, up.process().exitValue());
    for (ProcessHandle child : children) {
      assertFalse(child.isAlive(), "child " + child.pid() + " " + child.info().commandLine().orElse("") + " outlived local up");
    }
    assertTrue(Files.readString(up.err()).contains("local: stopped"), Files.readString(up.err()));

    // Persistent data dir: the next start finds the catalog where it was.
    Up again = start(data, "second");
    CliRun kept = CliRun.of(concat(new String[] {"status", "k"}, new String[] {"--sqs-endpoint", again.sqs(), "--dynamodb-endpoint", again.dynamo()}));
    assertTrue(kept.out().contains("COMPLETED"), kept.toString());
    signal("INT", again.process().pid());
    assertTrue(again.process().waitFor(60, TimeUnit.SECONDS));
    awaitDeath(again.dynalitePid(), Duration.ofSeconds(5), "dynalite to stop with local up");
  }

  @Test
  void afterKill9_theChildDiesByItself_andTheNextStartSaysSo() throws Exception {
    Path data = dir.resolve("crash");
    Up up = start(data, "killed");
    signal("KILL", up.process().pid());
    up.process().waitFor(10, TimeUnit.SECONDS);
    awaitDeath(up.dynalitePid(), Duration.ofSeconds(10), "dynalite to die after a kill -9 of its parent");

    Up next = start(data, "next");
    String notices = Files.readString(next.err());
    assertTrue(notices.contains("earlier local stack"), notices);
    signal("INT", next.process().pid());
    assertTrue(next.process().waitFor(60, TimeUnit.SECONDS));
  }

  @Test
  void aTakenPort_isOneLineOnStderrAndExit2_withoutLibraryNoise() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path err = dir.resolve("taken.err");
      Process p = new ProcessBuilder(launcher(
          "local", "up", "--ephemeral", "--data-dir", dir.resolve("taken").toString(),
          "--sqs-port", Integer.toString(taken.getLocalPort()), "--dynamodb-port", "0", "--mongo-port", "0"))
          .redirectError(err.toFile()).redirectOutput(dir.resolve("taken.out").toFile()).start();
      reaper.track(p);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(ExitCodes.USAGE, p.exitValue());
      List<String> lines = Files.readAllLines(err);
      assertEquals(1, lines.size(), String.join("\n", lines));
      assertTrue(lines.get(0).contains("port " + taken.getLocalPort()) && lines.get(0).contains("--sqs-port"), lines.get(0));
      assertEquals("", Files.readString(dir.resolve("taken.out")));
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** {@code enrich ARGS} as scripts/enrich runs it: both jars, the checkout as home. */
  private static List<String> launcher(String... args) {
    List<String> command = dev.enrich.cli.JarRun.launcher();
    command.add(1, "-Denrich.home=" + System.getProperty("enrich.home"));
    command.addAll(List.of(args));
    return command;
  }
}
