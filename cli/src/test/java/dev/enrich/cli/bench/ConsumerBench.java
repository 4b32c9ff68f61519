package dev.enrich.cli.bench;

import dev.enrich.cli.Await;
import dev.enrich.cli.worker.InProcessConsumer;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.catalog.Catalog;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.ColumnMap;
import dev.enrich.client.catalog.Limits;
import dev.enrich.client.config.Settings;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.client.submit.SqsBatchQueue;
import dev.enrich.client.submit.SubmitPlan;
import dev.enrich.client.submit.SubmitProgress;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.Submitter;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.MessageCodec;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * End-to-end consumer throughput with the mock provider through the local stack: the real handler
 * (SQS receive, DynamoDB ledger, MongoDB upserts, progress shards) at concurrency 1 and 10. The
 * baseline, measured in the same run on the same queue, is a bare receive-and-delete of the same
 * number of messages: what the local SQS alone allows. Run by {@code scripts/bench}.
 */
public final class ConsumerBench {
  private ConsumerBench() {}

  public static void main(String[] args) throws Exception {
    Path catalogFile = Path.of(args[0]);
    Path dir = Files.createTempDirectory("enrich-bench-");
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
    try (LocalStack stack = LocalStack.start(config, notice -> { })) {
      Settings settings = new Settings("local", config.region(), Optional.of(stack.sqsEndpoint()),
          Optional.of(stack.dynamoEndpoint()), stack.queueUrl(), config.tableName(), stack.mongoUri(),
          config.mongoDatabase(), "mock", "bench");
      long products = submit(stack, catalogFile, "baseline");
      long drainMs = drain(stack);
      System.out.printf(Locale.ROOT, "baseline\treceive+delete only\tmessages of %d products\t%d ms%n", products, drainMs);
      double[] rates = new double[2];
      int[] concurrency = {1, 10};
      for (int i = 0; i < 2; i++) {
        String id = "consume-c" + concurrency[i];
        submit(stack, catalogFile, id);
        long start = System.nanoTime();
        try (LocalWorker worker = new LocalWorker(stack.sqsClient(), stack.queueUrl(), config.region(),
            InProcessConsumer.handler(settings, stack.dynamoClient(), stack.mongoClient(), stack.sqsClient(), Clock.systemUTC(),
                new PrintStream(OutputStream.nullOutputStream())),
            new WorkerSettings(10, concurrency[i], 1, 60), new PrintStream(OutputStream.nullOutputStream()))) {
          worker.start();
          StatusReader status = new StatusReader(stack.dynamoClient(), config.tableName());
          Await.until(() -> status.read(id), s -> s.state().terminal(), Duration.ofMinutes(30), Duration.ofMillis(20),
              s -> id + " to finish: " + s);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        rates[i] = products * 1000.0 / ms;
        System.out.printf(Locale.ROOT, "consumer\tconcurrency=%d\t%d products in %d ms\t%.0f products/s\t"
            + "vs receive+delete only: %.2f%n", concurrency[i], products, ms, rates[i], (double) drainMs / ms);
        BenchRow.of(String.format(Locale.ROOT, "Consumer, mock provider, %,d products, concurrency %d", products,
                concurrency[i]),
            String.format(Locale.ROOT, "%,.0f products/s", rates[i]), "bare receive + delete of the same messages",
            String.format(Locale.ROOT, "%,.0f products/s", products * 1000.0 / drainMs), (double) drainMs / ms).print();
      }
      System.out.printf(Locale.ROOT, "scaling\tconcurrency 10 vs 1: %.2fx%n", rates[1] / rates[0]);
    }
  }

  private static long submit(LocalStack stack, Path file, String catalogId) {
    return submit(stack, file, catalogId, OptionalInt.empty());
  }

  /** Submits {@code file} as {@code catalogId} in batches of {@code batchSize} (adaptive when empty). */
  static long submit(LocalStack stack, Path file, String catalogId, OptionalInt batchSize) {
    MessageCodec codec = new MessageCodec();
    SubmitRequest options = new SubmitRequest(catalogId, "bench", batchSize, SubmitRequest.SQS_MAX_MESSAGE_BYTES,
        false, SubmitRequest.DEFAULT_SENDERS, Map.of());
    try (CatalogInput input = CatalogInput.open(file.toString(), StandardCharsets.UTF_8, Optional.empty(),
        InputStream.nullInputStream());
        SubmitPlan plan = Submitter.plan(new Catalog(input, ColumnMap.standard(), Limits.DEFAULT), options, codec,
            r -> { }, true)) {
      new Submitter(new DynamoSubmitLedger(stack.dynamoClient(), stack.config().tableName()),
          new SqsBatchQueue(stack.sqsClient(), stack.queueUrl()), codec, Clock.systemUTC())
          .submit(plan, options, SubmitProgress.NONE);
      return plan.scan().accepted();
    }
  }

  /** Receives and deletes every message, 10 at a time on 10 threads, doing nothing else. */
  private static long drain(LocalStack stack) throws Exception {
    long start = System.nanoTime();
    Thread[] threads = new Thread[10];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        while (true) {
          List<Message> got = stack.sqsClient().receiveMessage(b -> b.queueUrl(stack.queueUrl())
              .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(60)).messages();
          if (got.isEmpty()) {
            return;
          }
          stack.sqsClient().deleteMessageBatch(b -> b.queueUrl(stack.queueUrl()).entries(got.stream()
              .map(m -> software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                  .id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
