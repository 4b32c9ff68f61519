package dev.enrich.cli.bench;

import dev.enrich.cli.Samples;
import dev.enrich.cli.chaos.CatalogOutcome;
import dev.enrich.cli.local.LocalRun;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.catalog.Catalog;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.ColumnMap;
import dev.enrich.client.catalog.Limits;
import dev.enrich.client.submit.SubmitPlan;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.Submitter;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.store.Attributes;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Soak: a large catalog end to end on the local stack with the mock provider, through the path
 * {@code enrich local run} takes (the worker at concurrency 10 consuming while the submit sends).
 * It fails (exit 1) unless nothing was lost or counted twice: DynamoDB's progress equals the
 * accepted products, every batch is counted completed once and none is left processing, failing or
 * queued, MongoDB holds exactly one document per product, and the queue and its DLQ are empty.
 * It reports products per second and batch latencies; the baseline, from the same run and stack, is
 * a catalog a tenth of the size (after a warm-up run of it), so the ratio shows whether the rate
 * holds as the stores grow.
 * Usage: {@code SoakBench SMALL_CATALOG LARGE_CATALOG}. Run by {@code scripts/bench}.
 */
public final class SoakBench {
  private SoakBench() {}

  private record Run(long products, long millis, List<Long> processingMs, List<Long> endToEndMs) {
    double rate() {
      return products * 1000.0 / millis;
    }
  }

  public static void main(String[] args) throws Exception {
    try (StackFixture fixture = new StackFixture()) {
      run(fixture, Path.of(args[0]), "soak-warmup"); // the JIT and the stores' first use, not measured
      Run small = run(fixture, Path.of(args[0]), "soak-baseline");
      Run large = run(fixture, Path.of(args[1]), "soak");
      BenchRow.of(String.format(Locale.ROOT, "Soak: %,d products end to end, mock provider, zero loss", large.products()),
          String.format(Locale.ROOT, "%,.0f products/s", large.rate()),
          String.format(Locale.ROOT, "%,d products, same stack", small.products()),
          String.format(Locale.ROOT, "%,.0f products/s", small.rate()), large.rate() / small.rate()).print();
      long worst = Collections.max(large.processingMs());
      long median = percentile(large.processingMs(), 50);
      BenchRow.of("Soak: worst batch latency (started to completed)", worst + " ms", "median batch latency",
          median + " ms", (double) worst / median).print();
      long worstEnd = Collections.max(large.endToEndMs());
      BenchRow.of("Soak: worst batch latency (submitted to completed)", worstEnd + " ms", "whole soak run",
          large.millis() + " ms", (double) worstEnd / large.millis()).print();
    }
  }

  private static Run run(StackFixture fixture, Path file, String catalogId) throws Exception {
    SubmitRequest options = new SubmitRequest(catalogId, "soak", OptionalInt.empty(), SubmitRequest.SQS_MAX_MESSAGE_BYTES,
        false, SubmitRequest.DEFAULT_SENDERS, Map.of());
    long start = System.nanoTime();
    LocalRun.Outcome outcome;
    try (CatalogInput input = CatalogInput.open(file.toString(), StandardCharsets.UTF_8, Optional.empty(),
        InputStream.nullInputStream());
        SubmitPlan plan = Submitter.plan(new Catalog(input, ColumnMap.standard(), Limits.DEFAULT), options,
            new MessageCodec(), r -> { }, true)) {
      outcome = LocalRun.run(fixture.stack, fixture.settings(), plan, options, new WorkerSettings(10, 10, 1, 900),
          Duration.ofMinutes(10), new PrintStream(OutputStream.nullOutputStream()));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    CatalogStatus status = outcome.status();
    long products = outcome.submit().products();
    List<String> problems = CatalogOutcome.observe(fixture, catalogId, Samples.skus(file)).violations();
    List<Long> processing = new ArrayList<>();
    List<Long> endToEnd = new ArrayList<>();
    fixture.stack.dynamoClient().queryPaginator(b -> b.tableName(fixture.stack.config().tableName())
        .consistentRead(true)
        .keyConditionExpression("#c = :c AND begins_with(#b, :p)")
        .expressionAttributeNames(Map.of("#c", StatusTable.CATALOG_ID, "#b", StatusTable.BATCH_ID))
        .expressionAttributeValues(Map.of(":c", Attributes.s(catalogId), ":p", Attributes.s(StatusTable.BATCH_PREFIX))))
        .items().forEach(item -> {
          Instant completed = time(item, StatusTable.COMPLETED_AT);
          processing.add(Duration.between(time(item, StatusTable.STARTED_AT), completed).toMillis());
          endToEnd.add(Duration.between(time(item, StatusTable.CREATED_AT), completed).toMillis());
        });
    System.out.printf(Locale.ROOT, "soak\t%s\t%,d products in %,d batches\t%,d ms\t%,.0f products/s\t"
            + "batch latency (started to completed) median %d ms, p99 %d ms, worst %d ms\tloss check: %s%n",
        catalogId, products, status.totalBatches(), millis, products * 1000.0 / millis, percentile(processing, 50),
        percentile(processing, 99), Collections.max(processing), problems.isEmpty() ? "none lost, none twice" : problems);
    if (!problems.isEmpty()) {
      System.out.println("soak: FAILED: " + problems);
      System.exit(1);
    }
    return new Run(products, millis, processing, endToEnd);
  }

  private static Instant time(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null) {
      throw new IllegalStateException("batch " + item.get(StatusTable.BATCH_ID).s() + " has no " + name);
    }
    return Instant.parse(value.s());
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }
}
