package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/** At-least-once delivery: every message delivered several times, shuffled, still counts once. */
class DuplicateDeliveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static StackFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static JsonNode status(String catalogId) throws Exception {
    List<String> args = new ArrayList<>(List.of("status", catalogId, "-o", "json"));
    args.addAll(List.of(fixture.flags()));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    return JSON.readTree(run.out());
  }

  /** Takes every message off the queue (without processing) and returns the bodies. */
  private static List<String> drainBodies() {
    List<String> bodies = new ArrayList<>();
    while (true) {
      List<Message> got = fixture.stack.sqsClient().receiveMessage(b -> b.queueUrl(fixture.stack.queueUrl())
          .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(300)).messages();
      if (got.isEmpty() && fixture.messagesIn(fixture.stack.queueUrl()) == 0) {
        return bodies;
      }
      for (Message m : got) {
        bodies.add(m.body());
        fixture.stack.sqsClient().deleteMessage(b -> b.queueUrl(fixture.stack.queueUrl()).receiptHandle(m.receiptHandle()));
      }
    }
  }

  private static void send(List<String> bodies) {
    for (String body : bodies) {
      fixture.stack.sqsClient().sendMessage(b -> b.queueUrl(fixture.stack.queueUrl()).messageBody(body));
    }
  }

  private static void consumeUntilEmpty(int concurrency) throws Exception {
    try (LocalWorker worker = fixture.worker(concurrency)) {
      worker.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (fixture.messagesIn(fixture.stack.queueUrl()) > 0) {
        assertTrue(System.nanoTime() < deadline, "queue did not drain");
        Thread.sleep(100);
      }
    }
  }

  @Test
  void everyMessageThreeTimesShuffled_thenAllAgain_countsStayExact() throws Exception {
    List<String> submitArgs = new ArrayList<>(List.of("submit",
        PipelineIT.sample("outdoor-80.json").toString(), "--catalog-id", "dup", "--batch-size", "5"));
    submitArgs.addAll(List.of(fixture.flags()));
    CliRun submit = CliRun.of(submitArgs.toArray(String[]::new));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());

    List<String> bodies = drainBodies();
    assertEquals(16, bodies.size());
    List<String> tripled = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tripled.addAll(bodies);
    }
    Collections.shuffle(tripled, new Random(42));
    send(tripled);
    consumeUntilEmpty(10);

    JsonNode first = status("dup");
    assertEquals("COMPLETED", first.get("state").asText());
    assertEquals(80, first.get("products_done").asInt());
    assertEquals(80, first.get("succeeded").asInt());
    assertBatches(first, 16);
    assertEquals(80, fixture.mongoCount("dup"));

    // The same messages once more, after completion: nothing changes.
    send(bodies);
    consumeUntilEmpty(10);
    JsonNode second = status("dup");
    assertEquals(first.get("products_done"), second.get("products_done"));
    assertEquals(first.get("succeeded"), second.get("succeeded"));
    assertEquals(first.get("failed"), second.get("failed"));
    assertEquals(first.get("batches"), second.get("batches"));
    assertEquals(80, fixture.mongoCount("dup"));
    assertEquals(0, fixture.messagesIn(fixture.stack.dlqUrl()));
  }

  @Test
  void aThousandProducts_eachMessageTwoOrThreeTimesShuffled_tenHandlers_countsExact(@TempDir Path dir)
      throws Exception {
    StringBuilder csv = new StringBuilder("sku,asin,title,price\n");
    for (int i = 1; i <= 1000; i++) {
      csv.append(String.format("DUP-%04d,B0%08d,Product %d,%d.50%n", i, i, i, i % 200));
    }
    Path file = Files.writeString(dir.resolve("dup-1000.csv"), csv);
    List<String> submitArgs = new ArrayList<>(List.of("submit", file.toString(), "--catalog-id", "dup-1000"));
    submitArgs.addAll(List.of(fixture.flags()));
    CliRun submit = CliRun.of(submitArgs.toArray(String[]::new));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());

    List<String> bodies = drainBodies();
    Random random = new Random(7);
    List<String> deliveries = new ArrayList<>();
    for (String body : bodies) {
      int times = 2 + random.nextInt(2);
      for (int i = 0; i < times; i++) {
        deliveries.add(body);
      }
    }
    Collections.shuffle(deliveries, random);
    send(deliveries);
    consumeUntilEmpty(10);

    JsonNode status = status("dup-1000");
    assertEquals("COMPLETED", status.get("state").asText(), status.toString());
    assertEquals(1000, status.get("products_done").asInt());
    assertEquals(1000, status.get("succeeded").asInt());
    assertBatches(status, bodies.size());
    assertEquals(1000, fixture.mongoCount("dup-1000"), "one document per product");
    assertEquals(0, fixture.messagesIn(fixture.stack.dlqUrl()));
  }

  /** Every batch completed, and no duplicate left one listed as processing, failing or queued. */
  private static void assertBatches(JsonNode status, int batches) {
    JsonNode b = status.get("batches");
    assertEquals(batches, b.get("completed").asInt(), status.toString());
    assertEquals(0, b.get("processing").asInt() + b.get("failing").asInt() + b.get("queued").asInt()
        + b.get("cancelled").asInt(), status.toString());
  }
}
