package dev.enrich.cli.bench;

import dev.enrich.client.track.LargeCatalog;
import dev.enrich.contract.StatusTable;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import dev.enrich.local.StatusTableDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Whole commands as users run them, each a process against a baseline process on the same local
 * stack, the two measured alternately in the same run so that load on the machine falls on both:
 * <ul>
 *   <li>{@code enrich status ID --output json} of a catalog of many batches against
 *       {@code aws dynamodb get-item} of its catalog item (the AWS CLI; goal: faster);
 *   <li>a whole {@code enrich submit} of a catalog through the launcher, no heap flags, against
 *       {@code scripts/bench-seed-submit.py}, the seed design's submit in Python with boto3 on 4
 *       threads, sending the same batches to a fresh queue and table of the same servers (goal: at
 *       most half its time); and the submit's peak resident set size (goal: at most 256 MB).
 * </ul>
 * Run by {@code scripts/bench}. Usage: {@code ProcessBench LAUNCHER AWS_CLI PYTHON CATALOG [BATCHES] [ROUNDS]}.
 */
public final class ProcessBench {
  private static final long RSS_GOAL_MB = 256;

  private ProcessBench() {}

  public static void main(String[] args) throws Exception {
    String launcher = args[0];
    String aws = args[1];
    String python = args[2];
    Path catalogFile = Path.of(args[3]);
    int batches = args.length > 4 ? Integer.parseInt(args[4]) : 5_000;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    Path seedScript = Path.of(launcher).resolveSibling("bench-seed-submit.py");
    Path dir = Files.createTempDirectory("enrich-bench-");
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
    try (LocalStack stack = LocalStack.start(config, notice -> { })) {
      Map<String, String> env = new HashMap<>();
      env.put("AWS_ACCESS_KEY_ID", "local");
      env.put("AWS_SECRET_ACCESS_KEY", "local");
      env.put("AWS_REGION", config.region());
      env.put("AWS_DEFAULT_REGION", config.region());
      env.put("ENRICH_USER_ID", "bench");
      status(stack, launcher, aws, env, batches, rounds * 3);
      submit(stack, launcher, python, seedScript, catalogFile, env, rounds);
    } finally {
      Files.deleteIfExists(dir.resolve("local-stack.json"));
      Files.deleteIfExists(dir);
    }
  }

  private static void status(LocalStack stack, String launcher, String aws, Map<String, String> env, int batches,
      int rounds) throws Exception {
    String table = stack.config().tableName();
    LargeCatalog.create(stack.dynamoClient(), table, "big", new LargeCatalog.Shape(batches, 20, batches * 6 / 10, 10, 3));
    List<String> status = List.of(launcher, "status", "big", "--output", "json",
        "--sqs-endpoint", stack.sqsEndpoint().toString(), "--dynamodb-endpoint", stack.dynamoEndpoint().toString(),
        "--table", table);
    List<String> getItem = List.of(aws, "--endpoint-url", stack.dynamoEndpoint().toString(), "dynamodb", "get-item",
        "--table-name", table, "--consistent-read", "--key",
        "{\"" + StatusTable.CATALOG_ID + "\":{\"S\":\"big\"},\"" + StatusTable.BATCH_ID + "\":{\"S\":\""
            + StatusTable.CATALOG_ITEM + "\"}}");
    double[] statusMs = new double[rounds];
    double[] getMs = new double[rounds];
    for (int round = -1; round < rounds; round++) { // round -1 warms both up
      Run s = run(status, env);
      Run g = run(getItem, env);
      if (round == -1 && !g.out().contains("\"total_batches\"")) {
        throw new IllegalStateException("get-item did not return the catalog item: " + g.out());
      }
      if (round >= 0) {
        statusMs[round] = s.ms();
        getMs[round] = g.ms();
      }
    }
    double enrich = median(statusMs);
    double get = median(getMs);
    System.out.printf(Locale.ROOT, "status\t%,d batches\tmedian of %d, alternating\tenrich status %.0f ms"
        + "\taws dynamodb get-item %.0f ms\t%.2fx%n", batches, rounds, enrich, get, enrich / get);
    new BenchRow(String.format(Locale.ROOT, "`enrich status ID --output json`, %,d-batch catalog, as a process", batches),
        ms(enrich), "`aws dynamodb get-item` of the catalog item (AWS CLI v1)", ms(get), enrich / get, "< 1.00",
        enrich < get).print();
  }

  private static void submit(LocalStack stack, String launcher, String python, Path seedScript, Path catalogFile,
      Map<String, String> env, int rounds) throws Exception {
    double[] enrichMs = new double[rounds];
    double[] seedMs = new double[rounds];
    long enrichRssKb = 0;
    long seedRssKb = 0;
    int batchSize = 0;
    int products = 0;
    for (int round = -1; round < rounds; round++) { // round -1 warms up and learns the batch size
      Run e = null;
      Run s = null;
      // Alternate which goes first, so that neither always follows the other's leftovers.
      for (boolean enrichTurn : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        String queue = stack.sqsClient().createQueue(b -> b.queueName("bench-p-" + System.nanoTime())).queueUrl();
        String table = "bench-p-" + System.nanoTime();
        stack.dynamoClient().createTable(StatusTableDefinition.createTableRequest(table));
        stack.dynamoClient().waiter().waitUntilTableExists(b -> b.tableName(table));
        String catalogId = "bench-" + System.nanoTime();
        int sent;
        if (enrichTurn) {
          e = run(List.of(launcher, "submit", catalogFile.toString(), "--catalog-id", catalogId, "--output", "json",
              "--sqs-endpoint", stack.sqsEndpoint().toString(), "--dynamodb-endpoint", stack.dynamoEndpoint().toString(),
              "--queue", queue, "--table", table), env);
          batchSize = number(e.out(), "batch_size");
          products = number(e.out(), "products");
          sent = number(e.out(), "batches");
        } else {
          s = run(List.of(python, seedScript.toString(), "--catalog", catalogFile.toString(), "--queue-url", queue,
              "--table", table, "--catalog-id", catalogId, "--batch-size", Integer.toString(batchSize),
              "--threads", "4", "--sqs-endpoint", stack.sqsEndpoint().toString(),
              "--dynamodb-endpoint", stack.dynamoEndpoint().toString()), env);
          sent = number(s.out(), "batches");
        }
        int queued = Integer.parseInt(stack.sqsClient().getQueueAttributes(b -> b.queueUrl(queue)
            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        if (queued != sent) {
          throw new IllegalStateException((enrichTurn ? "enrich" : "the seed script") + " reported " + sent
              + " batches but the queue holds " + queued);
        }
        stack.sqsClient().deleteQueue(b -> b.queueUrl(queue));
        stack.dynamoClient().deleteTable(b -> b.tableName(table));
      }
      System.out.printf(Locale.ROOT, "%s\tenrich submit %.0f ms (CPU %d ms), peak RSS %d MB\tseed script %.0f ms"
          + " (CPU %d ms), peak RSS %d MB\tratio %.2f\t%s\t%s%n", round < 0 ? "warmup" : "round" + (round + 1),
          e.ms(), e.cpuMs(), e.peakRssKb() / 1024, s.ms(), s.cpuMs(), s.peakRssKb() / 1024, e.ms() / s.ms(), e.out(),
          s.out());
      if (round >= 0) {
        enrichMs[round] = e.ms();
        seedMs[round] = s.ms();
        enrichRssKb = Math.max(enrichRssKb, e.peakRssKb());
        seedRssKb = Math.max(seedRssKb, s.peakRssKb());
      }
    }
    double enrich = median(enrichMs);
    double seed = median(seedMs);
    BenchRow.atMost(String.format(Locale.ROOT, "`enrich submit` of %,d products as a process (batches of %d, no heap"
            + " flags), median of %d", products, batchSize, rounds), ms(enrich),
        "the seed design's submit in Python: boto3, 4 threads, `SendMessageBatch` + `PutItem` per batch",
        ms(seed), enrich / seed, 0.5).print();
    long enrichMb = enrichRssKb / 1024;
    long seedMb = seedRssKb / 1024;
    new BenchRow(String.format(Locale.ROOT, "Peak RSS of that submit, largest of %d", rounds), enrichMb + " MB",
        "the seed script's peak RSS", seedMb + " MB", (double) enrichMb / seedMb, "<= " + RSS_GOAL_MB + " MB",
        enrichMb <= RSS_GOAL_MB).print();
  }

  /** Wall time, peak RSS and CPU (user + system, as last sampled) of one command, and its output. */
  private record Run(double ms, long peakRssKb, long cpuMs, String out) {}

  /**
   * Runs a command to its end (it must succeed), timing it from start to exit and sampling its
   * peak resident set size (VmHWM in /proc; the launcher execs java, so the pid stays the same)
   * and its CPU time, which the load of other processes on the machine changes less than the wall time.
   */
  private static Run run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectError(ProcessBuilder.Redirect.PIPE);
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    long[] peakKb = {0};
    long[] cpuMs = {0};
    Thread sampler = new Thread(() -> {
      Path status = Path.of("/proc/" + p.pid() + "/status");
      Path stat = Path.of("/proc/" + p.pid() + "/stat");
      while (p.isAlive()) {
        try {
          for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
              peakKb[0] = Math.max(peakKb[0], Long.parseLong(line.replaceAll("\\D", "")));
            }
          }
          String s = Files.readString(stat);
          String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
          cpuMs[0] = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // utime, stime; USER_HZ 100
          Thread.sleep(10);
        } catch (java.io.IOException | InterruptedException | RuntimeException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    byte[][] err = new byte[1][];
    Thread errReader = new Thread(() -> {
      try {
        err[0] = p.getErrorStream().readAllBytes();
      } catch (java.io.IOException e) {
        err[0] = new byte[0];
      }
    });
    errReader.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    double ms = (System.nanoTime() - start) / 1e6;
    sampler.join();
    errReader.join();
    if (p.exitValue() != 0) {
      throw new IllegalStateException("exited " + p.exitValue() + ": " + command + "\n" + out + "\n"
          + new String(err[0], StandardCharsets.UTF_8));
    }
    return new Run(ms, peakKb[0], cpuMs[0], out);
  }

  /** A whole-number field of a one-line JSON object. */
  private static int number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + field + " in " + json);
    }
    return Integer.parseInt(m.group(1));
  }

  private static String ms(double ms) {
    return String.format(Locale.ROOT, "%.0f ms", ms);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
