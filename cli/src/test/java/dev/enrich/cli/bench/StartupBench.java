package dev.enrich.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * CLI start-up: {@code enrich --version} through the launcher users run (with the build's
 * class-data-sharing archive), against {@code java -version} of the same {@code java}, measured
 * alternately in the same run so that load on the machine falls on both. Also the same command
 * without the archive (the launcher's class path and main class, run by {@code java} directly), to
 * show what the archive is worth. Run by {@code scripts/bench}.
 * Usage: {@code StartupBench LAUNCHER CLASSPATH [ROUNDS]}, CLASSPATH as the launcher builds it.
 */
public final class StartupBench {
  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    String launcher = args[0];
    String classPath = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    List<List<String>> commands = List.of(
        List.of("java", "-version"),
        List.of(launcher, "--version"),
        List.of("java", "-cp", classPath, "dev.enrich.cli.EnrichCommand", "--version"));
    double[][] ms = new double[commands.size()][rounds];
    for (int warmup = 0; warmup < 2; warmup++) {
      for (List<String> command : commands) {
        time(command);
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (int c = 0; c < commands.size(); c++) {
        ms[c][round] = time(commands.get(c));
      }
    }
    double java = median(ms[0]);
    double enrich = median(ms[1]);
    double plain = median(ms[2]);
    System.out.printf(Locale.ROOT, "startup\tmedian of %d, alternating\tjava -version %.0f ms\tenrich --version %.0f ms"
        + "\twithout the archive %.0f ms\tclass path %s%n", rounds, java, enrich, plain, sizes(classPath));
    BenchRow.atMost("CLI start-up: `enrich --version`", ms(enrich), "`java -version`", ms(java), enrich / java, 2.0)
        .print();
    BenchRow.of("CLI start-up without the CDS archive", ms(plain), "`java -version`", ms(java), plain / java).print();
  }

  /** Each jar of the class path with its size, e.g. {@code enrich.jar 19 MB}. */
  private static String sizes(String classPath) throws java.io.IOException {
    List<String> sizes = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      java.nio.file.Path path = java.nio.file.Path.of(entry);
      sizes.add(String.format(Locale.ROOT, "%s %.0f MB", path.getFileName(), java.nio.file.Files.size(path) / 1e6));
    }
    return String.join(", ", sizes);
  }

  private static String ms(double ms) {
    return String.format(Locale.ROOT, "%.0f ms", ms);
  }

  /** Wall time in ms of one run of the command, which must succeed. */
  private static double time(List<String> command) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("failed: " + command);
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
