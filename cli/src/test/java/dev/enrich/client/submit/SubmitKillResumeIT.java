package dev.enrich.client.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.cli.Await;
import dev.enrich.cli.ProcessReaper;
import dev.enrich.cli.chaos.CatalogOutcome;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.contract.MessageAttributeNames;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.store.Attributes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md section 4 under a real crash: {@code enrich submit} of 20,000 products is killed
 * with SIGKILL while sending, then re-run. The re-run sends exactly the batches no receipt lists,
 * the queue ends with every batch, and the consumer's exact counts equal the catalog although the
 * crash left duplicate messages.
 */
class SubmitKillResumeIT {
  private static final String CATALOG_ID = "kill-resume-20k";
  private static final int PRODUCTS = 20_000;
  private static final int BATCH_SIZE = 10;
  private static final int BATCHES = PRODUCTS / BATCH_SIZE;
  private static final int ROUND = Submitter.ROUND_BATCHES;
  /** The kill waits for this many queued messages, so a good part of the catalog was sent. */
  private static final int KILL_AFTER = 400;
  /** Past this many, kill at once even if no poll saw a round half sent. */
  private static final int KILL_BY = 1_200;
  /** How a JVM reports a child that died of signal 9 (128 + 9). */
  private static final int KILLED_BY_SIGKILL = 137;
  private static final Pattern SENT = Pattern.compile("(?m)^sent\\s+([\\d,]+)");

  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  @TempDir Path dir;
  @RegisterExtension
  final ProcessReaper reaper = new ProcessReaper();

  @Test
  void submit_killedMidway_resumes_andTheConsumerCountsEveryProductOnce() throws Exception {
    Path catalog = writeCatalog(dir.resolve("kill-resume-20k.csv"));
    String queue = stack.fixture().stack.queueUrl();

    long start = System.nanoTime();
    Process first = launch(catalog, "first");
    int queuedAtKill = killMidway(first);
    Set<String> receiptedAtKill = receipted();
    assertTrue(queuedAtKill > 0 && queuedAtKill < BATCHES,
        "the kill must land midway: " + queuedAtKill + " of " + BATCHES + " messages were queued");
    assertTrue(receiptedAtKill.size() <= queuedAtKill,
        receiptedAtKill.size() + " batches receipted but only " + queuedAtKill + " messages queued");

    long killedAt = System.nanoTime();
    Process again = launch(catalog, "again");
    assertTrue(again.waitFor(60, TimeUnit.SECONDS), "the re-run did not finish within 60 s");
    String out = Files.readString(dir.resolve("again.out"));
    String err = Files.readString(dir.resolve("again.err"));
    assertEquals(0, again.exitValue(), "re-run failed:\n" + out + err);
    assertTrue(out.contains("resumed"), "the re-run does not say it resumed:\n" + out);
    Matcher sentLine = SENT.matcher(out);
    assertTrue(sentLine.find(), "no sent line:\n" + out);
    int resent = Integer.parseInt(sentLine.group(1).replace(",", ""));
    assertEquals(BATCHES - receiptedAtKill.size(), resent,
        "the re-run sends exactly the batches no receipt listed");

    long resumedAt = System.nanoTime();
    int queued = stack.fixture().messagesIn(queue);
    int duplicates = queued - BATCHES;
    assertEquals(queuedAtKill + resent, queued, "the queue holds what both runs sent");
    assertEquals(allBatchIds(), receipted(), "after the re-run, the receipts list every batch");
    System.out.printf(Locale.ROOT, "kill/resume: %d of %d batches queued at the kill (%d receipted),"
        + " %d re-sent, %d duplicate messages%n", queuedAtKill, BATCHES, receiptedAtKill.size(), resent, duplicates);

    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    CatalogStatus status;
    try (LocalWorker worker = countingWorker(deliveries)) {
      worker.start();
      status = awaitCompleted(Duration.ofSeconds(120));
      awaitDrained(queue, Duration.ofSeconds(30));
    }
    System.out.printf(Locale.ROOT, "kill/resume: %.1f s to the kill, %.1f s re-run, %.1f s consumer%n",
        seconds(killedAt - start), seconds(resumedAt - killedAt), seconds(System.nanoTime() - resumedAt));
    String report = String.format(Locale.ROOT, "%d queued at the kill, %d receipted, %d duplicates; %s",
        queuedAtKill, receiptedAtKill.size(), duplicates, status);
    assertEquals(allBatchIds(), new TreeSet<>(deliveries.keySet()), "every batch delivered: " + report);
    int delivered = deliveries.values().stream().mapToInt(AtomicInteger::get).sum();
    assertTrue(delivered >= queued, delivered + " deliveries of " + queued + " messages: " + report);
    assertEquals(CatalogState.COMPLETED, status.state(), report);
    assertEquals(BATCHES, status.totalBatches(), report);
    CatalogOutcome.assertExact(stack.fixture(), CATALOG_ID, skus());
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** Unique SKUs, valid ASINs and prices, so every row is accepted. */
  private static Path writeCatalog(Path file) throws IOException {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    Random random = new Random(20_000);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("sku,asin,title,price\n");
      for (int i = 1; i <= PRODUCTS; i++) {
        StringBuilder asin = new StringBuilder("B0");
        for (int c = 0; c < 8; c++) {
          asin.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        w.write(String.format(Locale.ROOT, "SKU-%06d,%s,Product %d,%d.%02d%n",
            i, asin, i, 1 + random.nextInt(500), random.nextInt(100)));
      }
    }
    return file;
  }

  /** The real command line in its own JVM, as a user runs it. */
  private Process launch(Path catalog, String name) throws IOException {
    Path jar = Path.of(System.getProperty("enrich.jar", "target/enrich.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built before integration tests: " + jar);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(stack.fixture().flags()));
    command.addAll(List.of("submit", catalog.toString(), "--catalog-id", CATALOG_ID,
        "--senders", "1", "--batch-size", Integer.toString(BATCH_SIZE)));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    // Only what this test sets: no profile or ENRICH_* variable of the machine running it.
    builder.environment().keySet().removeIf(k -> k.startsWith("ENRICH_"));
    builder.environment().put("ENRICH_USER_ID", "it");
    builder.environment().put("ENRICH_CONFIG_FILE", dir.resolve("no-profile").toString());
    Process process = builder.start();
    reaper.track(process);
    return process;
  }

  /**
   * Waits until part of the catalog is queued, then sends SIGKILL, preferably while a round is
   * half sent (the queue depth is not a whole number of rounds: its receipt cannot exist yet).
   *
   * @return the messages queued when the process was dead
   */
  private int killMidway(Process submit) throws Exception {
    String queue = stack.fixture().stack.queueUrl();
    Await.until(() -> {
      int queued = stack.fixture().messagesIn(queue);
      if (!submit.isAlive()) {
        fail("submit ended (exit " + submit.exitValue() + ") before it could be killed, with " + queued
            + " of " + BATCHES + " messages queued; the test needs a slower submit:\n"
            + Files.readString(dir.resolve("first.out")) + Files.readString(dir.resolve("first.err")));
      }
      return queued;
    }, queued -> queued >= KILL_AFTER && queued % ROUND != 0 || queued >= KILL_BY, Duration.ofSeconds(60),
        Duration.ofMillis(2), queued -> "submit to queue " + KILL_AFTER + " messages, only " + queued + " queued:\n"
            + Files.readString(dir.resolve("first.err")));
    assertTrue(ProcessReaper.kill(submit, Duration.ofSeconds(10)), "the killed submit did not die");
    assertEquals(KILLED_BY_SIGKILL, submit.exitValue(),
        "submit was not killed by SIGKILL (it finished first?):\n" + Files.readString(dir.resolve("first.out")));
    return settledCount(queue);
  }

  /**
   * The queue's message count once it stops moving (five polls 100 ms apart see the first's count):
   * a SendMessageBatch the killed process had already written to its socket is still served by the
   * SQS server after the process is gone (as AWS would), so the count right at the kill can be one
   * round short.
   */
  private static int settledCount(String queue) throws InterruptedException {
    int[] last = {-1};
    int[] same = {0};
    Await.until(() -> {
      int now = stack.fixture().messagesIn(queue);
      same[0] = now == last[0] ? same[0] + 1 : 0;
      last[0] = now;
      return same[0] >= 5;
    }, Duration.ofSeconds(10), () -> "the queue's count to settle after the kill, at " + last[0]);
    return last[0];
  }

  /** Batch ids listed by the send receipts ({@code S#...} items). */
  private static Set<String> receipted() {
    Set<String> ids = new TreeSet<>();
    stack.fixture().stack.dynamoClient().queryPaginator(b -> b.tableName(stack.fixture().stack.config().tableName())
            .consistentRead(true)
            .keyConditionExpression("#c = :c AND begins_with(#b, :p)")
            .expressionAttributeNames(Map.of("#c", StatusTable.CATALOG_ID, "#b", StatusTable.BATCH_ID))
            .expressionAttributeValues(Map.of(":c", Attributes.s(CATALOG_ID),
                ":p", Attributes.s(DynamoSubmitLedger.RECEIPT_PREFIX))))
        .items().forEach(item -> ids.addAll(item.get(DynamoSubmitLedger.SENT_BATCHES).m().keySet()));
    return ids;
  }

  /** The catalog's SKUs, as {@link #writeCatalog} writes them. */
  private static Set<String> skus() {
    Set<String> skus = new TreeSet<>();
    for (int i = 1; i <= PRODUCTS; i++) {
      skus.add(String.format(Locale.ROOT, "SKU-%06d", i));
    }
    return skus;
  }

  private static Set<String> allBatchIds() {
    Set<String> ids = new TreeSet<>();
    for (int n = 1; n <= BATCHES; n++) {
      ids.add(StatusTable.batchId(n));
    }
    return ids;
  }

  /** The fixture's consumer (the real handler), counting deliveries per batch id on the way in. */
  private static LocalWorker countingWorker(Map<String, AtomicInteger> deliveries) {
    RequestHandler<SQSEvent, SQSBatchResponse> handler = stack.fixture().handler();
    RequestHandler<SQSEvent, SQSBatchResponse> counting = (event, context) -> {
      for (SQSEvent.SQSMessage m : event.getRecords()) {
        SQSEvent.MessageAttribute batch = m.getMessageAttributes().get(MessageAttributeNames.BATCH_ID);
        String id = batch == null ? "(no batch id)" : batch.getStringValue();
        deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      }
      return handler.handleRequest(event, context);
    };
    return new LocalWorker(stack.fixture().stack.sqsClient(), stack.fixture().stack.queueUrl(), stack.fixture().stack.config().region(),
        counting, new WorkerSettings(10, 4, 1, 60), new PrintStream(OutputStream.nullOutputStream()));
  }

  private static CatalogStatus awaitCompleted(Duration within) throws InterruptedException {
    return Await.catalogTerminal(stack.fixture(), CATALOG_ID, within);
  }

  /** The duplicates are still queued when the counts complete; the consumer absorbs them too. */
  private static void awaitDrained(String queue, Duration within) throws InterruptedException {
    Await.until(() -> stack.fixture().messagesIn(queue) == 0, within,
        () -> "the queue to drain, " + stack.fixture().messagesIn(queue) + " messages left");
  }
}
