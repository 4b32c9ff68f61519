package dev.enrich.cli.bench;

import dev.enrich.client.catalog.Catalog;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.ColumnMap;
import dev.enrich.client.catalog.Limits;
import dev.enrich.client.submit.CatalogRegistration;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.client.submit.SqsBatchQueue;
import dev.enrich.client.submit.SubmitLedger;
import dev.enrich.client.submit.SubmitPlan;
import dev.enrich.client.submit.SubmitProgress;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.Submitter;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.BatchState;
import dev.enrich.contract.MessageAttributeNames;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.Product;
import dev.enrich.contract.StatusTable;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import dev.enrich.local.StatusTableDefinition;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Submit throughput against a raw SendMessageBatch flood of the same messages, on the same local
 * ElasticMQ in the same run. The flood is the ceiling: pre-encoded bodies, 10 per call, as many
 * threads as the submitter has senders, no reading, no checking, no DynamoDB. The submit is the
 * whole command: both passes over the file, the checks, the batch items and receipts.
 * Run by {@code scripts/bench}; prints one tab-separated line per measurement.
 */
public final class SubmitBench {
  /** The submit's default; the flood gets the same number of threads unless told otherwise. */
  private static final int SENDERS = Integer.getInteger("bench.senders", SubmitRequest.DEFAULT_SENDERS);
  private static final int FLOOD_THREADS = Integer.getInteger("bench.flood.threads", SubmitRequest.DEFAULT_SENDERS);

  private SubmitBench() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("heap")) {
      heap(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), args[4]);
      return;
    }
    if (args[0].equals("incremental")) {
      incremental(Path.of(args[1]), Path.of(args[2]), args[3]);
      return;
    }
    Path catalogFile = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("enrich-bench-");
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
    try (LocalStack stack = LocalStack.start(config, notice -> { })) {
      MessageCodec codec = new MessageCodec();
      SubmitRequest options = SubmitRequest.defaults("bench");
      List<Double> ratios = new ArrayList<>();
      List<Double> withoutTable = new ArrayList<>();
      List<Long> floodMs = new ArrayList<>();
      List<Long> submitMs = new ArrayList<>();
      long products = 0;
      for (int round = 0; round <= rounds; round++) {
        String queueUrl = stack.sqsClient().createQueue(b -> b.queueName("bench-" + System.nanoTime())).queueUrl();
        // Same catalog id per round would resume; a fresh id per submit makes every one a full submit.
        SubmitRequest run = new SubmitRequest("bench-" + round + "-" + System.nanoTime(), options.userId(),
            options.batchSize(), options.maxMessageBytes(), false, SENDERS, Map.of());
        List<SendMessageBatchRequestEntry> messages = encode(catalogFile, run, codec);
        long floodCpu = cpuNanos();
        long floodNanos = flood(stack.sqsClient(), queueUrl, messages, FLOOD_THREADS);
        floodCpu = cpuNanos() - floodCpu;
        messages = null;
        stack.sqsClient().deleteQueue(b -> b.queueUrl(queueUrl));
        // A fresh table per round: dynalite slows down as a table grows, which would favour early rounds.
        String table = "bench-" + round;
        stack.dynamoClient().createTable(StatusTableDefinition.createTableRequest(table));
        stack.dynamoClient().waiter().waitUntilTableExists(b -> b.tableName(table));
        Timing real = submitOnce(stack, catalogFile, run, codec, new DynamoSubmitLedger(stack.dynamoClient(), table));
        stack.dynamoClient().deleteTable(b -> b.tableName(table));
        Timing inMemory = submitOnce(stack, catalogFile,
            new SubmitRequest(run.catalogId() + "-m", run.userId(), run.batchSize(), run.maxMessageBytes(), false,
                SENDERS, Map.of()), codec, new InMemoryLedger());
        double ratio = (double) floodNanos / real.nanos();
        double ratioWithoutTable = (double) floodNanos / inMemory.nanos();
        System.out.printf(Locale.ROOT,
            "%s\tflood_ms=%d\tsubmit_ms=%d\tratio=%.2f\t(check pass %d ms; JVM cores busy: flood %.1f, submit %.1f;"
                + " dynalite CPU during submit %d ms)\twithout status-table writes: submit_ms=%d ratio=%.2f%n",
            round == 0 ? "warmup" : "round" + round, floodNanos / 1_000_000, real.nanos() / 1_000_000, ratio,
            real.checkNanos() / 1_000_000, (double) floodCpu / floodNanos, (double) real.cpuNanos() / real.nanos(),
            real.dynaliteMillis(), inMemory.nanos() / 1_000_000, ratioWithoutTable);
        if (round > 0) {
          ratios.add(ratio);
          withoutTable.add(ratioWithoutTable);
          floodMs.add(floodNanos / 1_000_000);
          submitMs.add(real.nanos() / 1_000_000);
        }
        products = real.products();
      }
      ratios.sort(Double::compare);
      withoutTable.sort(Double::compare);
      double median = ratios.get(ratios.size() / 2);
      double medianWithoutTable = withoutTable.get(withoutTable.size() / 2);
      System.out.printf(Locale.ROOT, "median\tratio=%.2f\twithout status-table writes: ratio=%.2f%n",
          median, medianWithoutTable);
      floodMs.sort(Long::compare);
      submitMs.sort(Long::compare);
      BenchRow.atLeast(String.format(Locale.ROOT, "Submit throughput: %,d products, median of %d", products, rounds),
          String.format(Locale.ROOT, "%,.0f products/s", products * 1000.0 / submitMs.get(submitMs.size() / 2)),
          "raw `SendMessageBatch` flood of the same messages",
          String.format(Locale.ROOT, "%,.0f products/s", products * 1000.0 / floodMs.get(floodMs.size() / 2)),
          median, 0.8).print();
      BenchRow.of("Submit throughput without its status-table writes", "", "the same flood", "", medianWithoutTable)
          .print();
    }
  }

  private record Timing(long nanos, long checkNanos, long cpuNanos, long dynaliteMillis, long products) {}

  /** One whole submit into a fresh queue; the queue is dropped after, so rounds do not slow each other down. */
  private static Timing submitOnce(LocalStack stack, Path catalogFile, SubmitRequest run, MessageCodec codec,
      SubmitLedger ledger) {
    String queue = stack.sqsClient().createQueue(b -> b.queueName("bench-s-" + System.nanoTime())).queueUrl();
    long start = System.nanoTime();
    long cpu = cpuNanos();
    long dynalite = processCpuMillis(stack.dynalitePid());
    long check;
    long products;
    try (CatalogInput input = CatalogInput.open(catalogFile.toString(), StandardCharsets.UTF_8, Optional.empty(),
        InputStream.nullInputStream())) {
      Catalog catalog = new Catalog(input, ColumnMap.standard(), Limits.DEFAULT);
      try (SubmitPlan plan = Submitter.plan(catalog, run, codec, r -> { }, true)) {
        check = System.nanoTime() - start;
        products = plan.scan().accepted();
        new Submitter(ledger, new SqsBatchQueue(stack.sqsClient(), queue), codec, Clock.systemUTC())
            .submit(plan, run, SubmitProgress.NONE);
      }
    }
    Timing t = new Timing(System.nanoTime() - start, check, cpuNanos() - cpu,
        processCpuMillis(stack.dynalitePid()) - dynalite, products);
    stack.sqsClient().deleteQueue(b -> b.queueUrl(queue));
    return t;
  }

  /**
   * A status table that keeps nothing: the submit minus its DynamoDB writes, to show how much of
   * the gap to the flood is dynalite's CPU on the same cores rather than the submitter's own work.
   */
  private static final class InMemoryLedger implements SubmitLedger {
    @Override
    public Optional<Existing> register(CatalogRegistration registration) {
      return Optional.empty();
    }

    @Override
    public void reset(String catalogId) {}

    @Override
    public Map<String, BatchState> batchStates(String catalogId) {
      return Map.of();
    }

    @Override
    public Set<String> sentBatches(String catalogId) {
      return Set.of();
    }

    @Override
    public void addPending(String catalogId, Map<String, Integer> productCountByBatch, Instant now) {}

    @Override
    public void recordSent(String catalogId, Map<String, String> messageIdByBatch, Instant now) {}

    @Override
    public void markSent(String catalogId, Instant now) {}
  }

  private record Memory(long peakRssMb, long peakHeapMb, long liveAfterGcMb, long millis) {}

  /**
   * Peak memory of a whole {@code enrich submit} of the large catalog in its own JVM with {@code -Xmx},
   * against the same for the small one: peak resident set size (sampled from /proc), and the heap
   * from the JVM's own GC log (the largest occupancy before a collection, and the largest live set
   * after one). A submit that streams needs the same memory for both.
   */
  private static void heap(Path small, Path large, Path jar, String maxHeap) throws Exception {
    Path dir = Files.createTempDirectory("enrich-bench-");
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
    try (LocalStack stack = LocalStack.start(config, notice -> { })) {
      Memory baseline = submitProcess(stack, small, jar, maxHeap, dir.resolve("gc-small.log"), "heap-small");
      Memory big = submitProcess(stack, large, jar, maxHeap, dir.resolve("gc-large.log"), "heap-large");
      BenchRow.of(String.format(Locale.ROOT, "Peak memory of a %s-product submit (-Xmx%s)", rows(large), maxHeap),
          String.format(Locale.ROOT, "%d MB RSS (live heap %d MB)", big.peakRssMb(), big.liveAfterGcMb()),
          String.format(Locale.ROOT, "%s-product submit", rows(small)),
          String.format(Locale.ROOT, "%d MB RSS (live heap %d MB)", baseline.peakRssMb(), baseline.liveAfterGcMb()),
          (double) big.peakRssMb() / baseline.peakRssMb()).print();
    }
  }

  /** Of the seeded documents: every this-many-th has an outdated fingerprint, so its product is sent. */
  private static final int CHANGED_EVERY = 100;
  /** Documents of products the file does not have, which the incremental submit removes. */
  private static final int DROPPED = 1_000;

  /**
   * Peak memory of {@code submit --incremental} of the large catalog in its own JVM with {@code -Xmx},
   * against the same file submitted whole in the same run. MongoDB is seeded directly with what the
   * consumer would have written (the fingerprint, status, time): every product enriched, 1% from an
   * older input, and 1,000 documents of products the file no longer has. The catalog item exists, so
   * the submit is a re-submit. docs/architecture.md section 10.
   */
  private static void incremental(Path large, Path jar, String maxHeap) throws Exception {
    Path dir = Files.createTempDirectory("enrich-bench-");
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
    try (LocalStack stack = LocalStack.start(config, notice -> { })) {
      String catalogId = "incremental-large";
      long seeded = seed(stack, large, catalogId);
      new DynamoSubmitLedger(stack.dynamoClient(), stack.config().tableName()).register(new CatalogRegistration(
          catalogId, "bench", large.getFileName().toString(), "an-earlier-version", (int) seeded, 0, 1, 40, 1,
          Map.of(), Instant.now()));
      Memory whole = submitProcess(stack, large, jar, maxHeap, dir.resolve("gc-whole.log"), "whole-large");
      Memory incremental = submitProcess(stack, large, jar, maxHeap, dir.resolve("gc-incremental.log"), catalogId,
          "--incremental", "--mongodb-uri", stack.mongoUri());
      long left = stack.mongoClient().getDatabase(stack.config().mongoDatabase())
          .getCollection(dev.enrich.contract.ProductDocument.COLLECTION)
          .countDocuments(new org.bson.Document(dev.enrich.contract.ProductDocument.CATALOG_ID, catalogId));
      System.out.printf(Locale.ROOT, "incremental\tseeded=%d\tdocuments_after=%d%n", seeded + DROPPED, left);
      BenchRow.of(String.format(Locale.ROOT, "Peak memory of a %s-product re-submit with `--incremental` (-Xmx%s)",
              rows(large), maxHeap),
          String.format(Locale.ROOT, "%d MB RSS (heap %d MB, live %d MB)", incremental.peakRssMb(),
              incremental.peakHeapMb(), incremental.liveAfterGcMb()),
          "the same file submitted whole",
          String.format(Locale.ROOT, "%d MB RSS (heap %d MB, live %d MB)", whole.peakRssMb(), whole.peakHeapMb(),
              whole.liveAfterGcMb()),
          (double) incremental.peakRssMb() / whole.peakRssMb()).print();
    }
  }

  /** The documents the consumer would have written for the catalog's products; returns how many. */
  private static long seed(LocalStack stack, Path catalogFile, String catalogId) {
    var products = stack.mongoClient().getDatabase(stack.config().mongoDatabase())
        .getCollection(dev.enrich.contract.ProductDocument.COLLECTION);
    java.util.Date now = new java.util.Date();
    List<org.bson.Document> chunk = new ArrayList<>();
    long[] n = {0};
    java.util.function.Consumer<org.bson.Document> add = d -> {
      chunk.add(d);
      if (chunk.size() == 5_000) {
        products.insertMany(chunk);
        chunk.clear();
      }
    };
    try (CatalogInput input = CatalogInput.open(catalogFile.toString(), StandardCharsets.UTF_8, Optional.empty(),
        InputStream.nullInputStream())) {
      // The submit's default marketplace (com, Keepa domain 1) is in every message, so in every fingerprint.
      new Catalog(input, ColumnMap.standard(), Limits.DEFAULT).scan(r -> { }, p -> add.accept(document(catalogId,
          p.sku(), n[0]++ % CHANGED_EVERY == 0 ? "an-older-input" : dev.enrich.contract.Fingerprint.of(p, 1), now)));
    }
    for (int i = 0; i < DROPPED; i++) {
      add.accept(document(catalogId, "DROPPED-" + i, "gone", now));
    }
    if (!chunk.isEmpty()) {
      products.insertMany(chunk);
    }
    return n[0];
  }

  private static org.bson.Document document(String catalogId, String sku, String fingerprint, java.util.Date at) {
    return new org.bson.Document(dev.enrich.contract.ProductDocument.CATALOG_ID, catalogId)
        .append(dev.enrich.contract.ProductDocument.SKU, sku)
        .append(dev.enrich.contract.ProductDocument.STATUS, dev.enrich.contract.ProductDocument.ENRICHED)
        .append(dev.enrich.contract.ProductDocument.ENRICHED_AT, at)
        .append(dev.enrich.contract.ProductDocument.FINGERPRINT, fingerprint);
  }

  private static String rows(Path catalog) throws java.io.IOException {
    try (var lines = Files.lines(catalog)) {
      return String.format(Locale.ROOT, "%,d", lines.count());
    }
  }

  private static Memory submitProcess(LocalStack stack, Path catalogFile, Path jar, String maxHeap, Path gcLog,
      String catalogId, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog, "-jar",
        jar.toString(),
        "--sqs-endpoint", stack.sqsEndpoint().toString(), "--dynamodb-endpoint", stack.dynamoEndpoint().toString(),
        "--queue", stack.queueUrl(), "--table", stack.config().tableName(), "--region", stack.config().region(),
        "submit", catalogFile.toString(), "--catalog-id", catalogId, "-o", "json"));
    command.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("ENRICH_USER_ID", "bench");
    pb.environment().put("AWS_ACCESS_KEY_ID", "local");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    long start = System.nanoTime();
    Process p = pb.start();
    long[] peakRssKb = {0};
    Thread sampler = new Thread(() -> {
      Path status = Path.of("/proc/" + p.pid() + "/status");
      while (p.isAlive()) {
        try {
          for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
              peakRssKb[0] = Math.max(peakRssKb[0], Long.parseLong(line.replaceAll("\\D", "")));
            }
          }
          Thread.sleep(20);
        } catch (java.io.IOException | InterruptedException | RuntimeException e) {
          return;
        }
      }
    });
    sampler.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int exit = p.waitFor();
    sampler.join();
    long ms = (System.nanoTime() - start) / 1_000_000;
    long peak = 0;
    long afterGc = 0;
    java.util.regex.Pattern sizes = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\(");
    for (String line : Files.readAllLines(gcLog)) {
      java.util.regex.Matcher m = sizes.matcher(line);
      if (m.find()) {
        peak = Math.max(peak, Long.parseLong(m.group(1)));
        // Only a collection's "after" is live data: G1's Remark and Cleanup lines print the heap as it is.
        if (line.contains("Pause Young") || line.contains("Pause Full")) {
          afterGc = Math.max(afterGc, Long.parseLong(m.group(2)));
        }
      }
    }
    System.out.printf(Locale.ROOT, "heap\t%s\texit=%d\twall_ms=%d\tpeak_rss_mb=%d\tpeak_heap_mb=%d\tmax_live_after_gc_mb=%d"
        + "\tmax=%s\t%s%n", catalogFile.getFileName(), exit, ms, peakRssKb[0] / 1024, peak, afterGc, maxHeap, out);
    if (exit != 0) {
      throw new IllegalStateException("the submit of " + catalogFile + " exited " + exit);
    }
    return new Memory(peakRssKb[0] / 1024, peak, afterGc, ms);
  }

  /** CPU time of this JVM (ElasticMQ included; dynalite is a separate process and not counted). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** User plus system CPU of another process, from /proc (Linux; 0 elsewhere). */
  private static long processCpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
      return ticks * 10; // USER_HZ is 100 on Linux
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The messages the submit will send, encoded the same way, held in memory for the flood. */
  private static List<SendMessageBatchRequestEntry> encode(Path file, SubmitRequest options, MessageCodec codec) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    try (CatalogInput input = CatalogInput.open(file.toString(), StandardCharsets.UTF_8, Optional.empty(),
        InputStream.nullInputStream())) {
      Catalog catalog = new Catalog(input, ColumnMap.standard(), Limits.DEFAULT);
      SubmitPlan plan = Submitter.plan(catalog, options, codec, r -> { });
      int size = plan.batches().batchSize();
      List<Product> batch = new ArrayList<>();
      Instant now = Instant.now();
      int[] number = {1};
      Runnable close = () -> {
        String id = StatusTable.batchId(number[0]++);
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(MessageAttributeNames.CATALOG_ID, string(options.catalogId()));
        attributes.put(MessageAttributeNames.BATCH_ID, string(id));
        attributes.put(MessageAttributeNames.SCHEMA_VERSION, string(BatchMessage.SCHEMA_VERSION));
        entries.add(SendMessageBatchRequestEntry.builder().id(id.replace('#', '_'))
            .messageBody(codec.write(BatchMessage.of(options.catalogId(), id, options.userId(), now, Map.of(), batch)))
            .messageAttributes(attributes).build());
        batch.clear();
      };
      catalog.replay(p -> {
        batch.add(p);
        if (batch.size() == size) {
          close.run();
        }
      });
      if (!batch.isEmpty()) {
        close.run();
      }
    }
    return entries;
  }

  private static MessageAttributeValue string(String v) {
    return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
  }

  private static long flood(SqsClient sqs, String queueUrl, List<SendMessageBatchRequestEntry> messages, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> calls = new ArrayList<>();
      for (int from = 0; from < messages.size(); from += 10) {
        List<SendMessageBatchRequestEntry> call = messages.subList(from, Math.min(messages.size(), from + 10));
        calls.add(pool.submit(() -> sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(call))));
      }
      for (Future<?> call : calls) {
        call.get();
      }
      return System.nanoTime() - start;
    } finally {
      pool.shutdown();
    }
  }
}
