package dev.enrich.cli.bench;

import dev.enrich.cli.OutputOptions;
import dev.enrich.client.track.LargeCatalog;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.StatusReport;
import dev.enrich.lambda.store.Attributes;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Latency of {@code status} for a 10,000-batch catalog on the local stack. Baselines from the same
 * run: a single consistent GetItem of the catalog item (the least any status read can cost), and
 * {@code enrich --version} for the whole command as a process, both through the launcher users
 * run. Run by {@code scripts/bench}.
 */
public final class StatusBench {
  private StatusBench() {}

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path launcher = Path.of(args.length > 1 ? args[1] : "scripts/enrich");
    Path dir = Files.createTempDirectory("enrich-bench-");
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
    try (LocalStack stack = LocalStack.start(config, notice -> { })) {
      String table = config.tableName();
      long t = System.nanoTime();
      LargeCatalog.create(stack.dynamoClient(), table, "big", new LargeCatalog.Shape(batches, 20, batches * 6 / 10, 10, 3));
      System.out.printf(Locale.ROOT, "# catalog of %,d batches (%,d shards) written in %d ms%n", batches,
          StatusTable.shardCountFor(batches), (System.nanoTime() - t) / 1_000_000);

      StatusReader reader = new StatusReader(stack.dynamoClient(), table);
      double get = median(50, () -> stack.dynamoClient().getItem(b -> b.tableName(table).consistentRead(true)
          .key(Map.of(StatusTable.CATALOG_ID, Attributes.s("big"), StatusTable.BATCH_ID, Attributes.s(StatusTable.CATALOG_ITEM)))));
      double status = median(50, () -> OutputOptions.toJson(StatusReport.of(reader.read("big"), Instant.now())));
      System.out.printf(Locale.ROOT, "baseline\tGetItem of the catalog item\t%.1f ms%n", get);
      System.out.printf(Locale.ROOT, "status read + JSON\t%,d batches\t%.1f ms\t%.1fx the baseline%n", batches, status, status / get);
      BenchRow.of(String.format(Locale.ROOT, "`status --output json`, %,d-batch catalog: read + JSON in-process", batches),
          String.format(Locale.ROOT, "%.1f ms", status), "one consistent `GetItem` of the catalog item",
          String.format(Locale.ROOT, "%.1f ms", get), status / get).print();

      List<String> version = List.of(launcher.toString(), "--version");
      List<String> command = new ArrayList<>(List.of(launcher.toString(), "status", "big", "--output", "json",
          "--sqs-endpoint", stack.sqsEndpoint().toString(), "--dynamodb-endpoint", stack.dynamoEndpoint().toString(),
          "--table", table));
      double versionMs = median(5, () -> run(version));
      double commandMs = median(5, () -> run(command));
      System.out.printf(Locale.ROOT, "baseline\tenrich --version (process)\t%.0f ms%n", versionMs);
      System.out.printf(Locale.ROOT, "enrich status --output json (process)\t%,d batches\t%.0f ms\t%.2fx the baseline%n",
          batches, commandMs, commandMs / versionMs);
      BenchRow.of(String.format(Locale.ROOT, "`enrich status ID --output json`, %,d-batch catalog, as a process", batches),
          String.format(Locale.ROOT, "%.0f ms", commandMs), "`enrich --version`", String.format(Locale.ROOT, "%.0f ms", versionMs),
          commandMs / versionMs).print();
    } finally {
      Files.deleteIfExists(dir.resolve("local-stack.json"));
      Files.deleteIfExists(dir);
    }
  }

  private static Object run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("failed: " + command);
      }
      return null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Median wall time in ms of {@code rounds} runs after two warm-up runs. */
  private static double median(int rounds, java.util.function.Supplier<Object> work) {
    work.get();
    work.get();
    double[] ms = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      work.get();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[rounds / 2];
  }
}
