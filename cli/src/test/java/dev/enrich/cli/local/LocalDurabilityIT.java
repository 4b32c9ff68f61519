package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A persistent stack keeps its SQS messages across a clean stop and a kill -9: every message
 * ElasticMQ accepted and that was not deleted comes back exactly once, a received one after its
 * visibility timeout.
 */
class LocalDurabilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SENT = 40;
  private static final int DELETED = 8;
  private static final int IN_FLIGHT = 6;
  private static final int VISIBILITY_SECONDS = 2;
  static final int MONGO_DOCUMENTS = 40;

  @TempDir Path dir;
  private final List<String> notices = new ArrayList<>();

  static LocalStackConfig config(Path dir) {
    return LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withVisibilityTimeoutSeconds(VISIBILITY_SECONDS);
  }

  static String body(int i) {
    return String.format("message-%03d", i);
  }

  /**
   * Receives {@code n} messages; {@code visibilitySeconds} null keeps the queue's own timeout.
   * ElasticMQ may answer with fewer than asked for, so this asks again until it has them all.
   */
  static List<Message> receive(SqsClient sqs, String queueUrl, int n, Integer visibilitySeconds) {
    List<Message> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (got.size() < n && System.nanoTime() < deadline) {
      int wanted = Math.min(10, n - got.size());
      got.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(wanted).waitTimeSeconds(1)
          .visibilityTimeout(visibilitySeconds)).messages());
    }
    assertEquals(n, got.size(), "received " + bodies(got));
    return got;
  }

  @Test
  void aCleanRestart_bringsBackEveryUndeletedMessageOnce_inFlightOnesAfterTheirTimeout() {
    LocalStackConfig config = config(dir).withMaxReceiveCount(4);
    Set<String> deleted;
    Set<String> inFlight;
    try (LocalStack stack = LocalStack.start(config, notices::add)) {
      SqsClient sqs = stack.sqsClient();
      for (int i = 0; i < SENT; i++) {
        String body = body(i);
        sqs.sendMessage(r -> r.queueUrl(stack.queueUrl()).messageBody(body));
      }
      List<Message> toDelete = receive(sqs, stack.queueUrl(), DELETED, 30);
      toDelete.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(stack.queueUrl()).receiptHandle(m.receiptHandle())));
      deleted = bodies(toDelete);
      inFlight = bodies(receive(sqs, stack.queueUrl(), IN_FLIGHT, null));
    }
    assertTrue(Files.isRegularFile(config.sqsFile()), "the messages are in " + config.sqsFile());

    try (LocalStack stack = LocalStack.start(config, notices::add)) {
      assertRedrive(stack, 4);
      assertEquals(Integer.toString(VISIBILITY_SECONDS),
          attribute(stack.sqsClient(), stack.queueUrl(), QueueAttributeName.VISIBILITY_TIMEOUT));
      assertRemaining(stack, deleted, inFlight);
    }

    // The deletes after the restart were stored too: nothing comes back a second time.
    try (LocalStack stack = LocalStack.start(config, notices::add)) {
      assertEquals(0, messagesIn(stack));
      assertTrue(stack.sqsClient().receiveMessage(r -> r.queueUrl(stack.queueUrl()).waitTimeSeconds(1))
          .messages().isEmpty());
      assertRedrive(stack, 4);
    }
    assertTrue(notices.isEmpty(), notices.toString());
  }

  @Test
  void aKill9_losesNoMessageOrDocumentTheServersHadAnswered() throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    if (System.getProperty("enrich.home") != null) {
      command.add("-Denrich.home=" + System.getProperty("enrich.home"));
    }
    command.addAll(List.of(LocalDurabilityChild.class.getName(), dir.toString(),
        Integer.toString(SENT), Integer.toString(DELETED), Integer.toString(IN_FLIGHT)));
    Path err = dir.resolve("child.err");
    Process child = new ProcessBuilder(command).redirectError(err.toFile()).start();
    Set<String> deleted = new HashSet<>();
    Set<String> inFlight = new HashSet<>();
    try {
      CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(child, deleted, inFlight));
      assertTrue(ready.get(60, TimeUnit.SECONDS), () -> "the child ended before READY:\n" + read(err));
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
    }
    assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    assertEquals(137, child.exitValue(), "killed by SIGKILL");
    assertEquals(DELETED, deleted.size());
    assertEquals(IN_FLIGHT, inFlight.size());

    try (LocalStack stack = LocalStack.start(config(dir), notices::add)) {
      assertRedrive(stack, 5);
      assertRemaining(stack, deleted, inFlight);
      assertEquals(MONGO_DOCUMENTS, stack.mongoClient().getDatabase(stack.config().mongoDatabase())
          .getCollection("products").countDocuments(com.mongodb.client.model.Filters.eq("catalog_id", "kill9")),
          "every acknowledged MongoDB insert survived the kill");
    }
  }

  /** Every sent message but the deleted ones, once each; the in-flight ones received a second time. */
  private static void assertRemaining(LocalStack stack, Set<String> deleted, Set<String> inFlight) {
    Set<String> expected = IntStream.range(0, SENT).mapToObj(LocalDurabilityIT::body).collect(Collectors.toSet());
    expected.removeAll(deleted);
    SqsClient sqs = stack.sqsClient();
    Map<String, Integer> receiveCounts = new HashMap<>();
    // The in-flight ones are invisible until their timeout, counted from their receive before the stop.
    long deadline = System.nanoTime() + Duration.ofSeconds(VISIBILITY_SECONDS + 8).toNanos();
    while (receiveCounts.size() < expected.size() && System.nanoTime() < deadline) {
      for (Message m : sqs.receiveMessage(r -> r.queueUrl(stack.queueUrl()).maxNumberOfMessages(10)
          .waitTimeSeconds(1).visibilityTimeout(60)
          .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()) {
        Integer before = receiveCounts.put(m.body(), Integer.parseInt(
            m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
        assertNull(before, "received twice: " + m.body());
        sqs.deleteMessage(r -> r.queueUrl(stack.queueUrl()).receiptHandle(m.receiptHandle()));
      }
    }
    assertEquals(expected, receiveCounts.keySet());
    receiveCounts.forEach((body, count) -> assertEquals(inFlight.contains(body) ? 2 : 1, count,
        "receive count of " + body));
    assertTrue(sqs.receiveMessage(r -> r.queueUrl(stack.queueUrl()).waitTimeSeconds(1)).messages().isEmpty(),
        "nothing more");
    assertTrue(sqs.receiveMessage(r -> r.queueUrl(stack.dlqUrl())).messages().isEmpty(), "nothing in the DLQ");
  }

  /** Visible plus in-flight messages of the queue. */
  private static int messagesIn(LocalStack stack) {
    Map<QueueAttributeName, String> attributes = stack.sqsClient().getQueueAttributes(r -> r
        .queueUrl(stack.queueUrl()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static boolean readUntilReady(Process child, Set<String> deleted, Set<String> inFlight) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals("READY")) {
          return true;
        } else if (line.startsWith("deleted ")) {
          deleted.add(line.substring("deleted ".length()));
        } else if (line.startsWith("in-flight ")) {
          inFlight.add(line.substring("in-flight ".length()));
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static Set<String> bodies(List<Message> messages) {
    return messages.stream().map(Message::body).collect(Collectors.toSet());
  }

  private static void assertRedrive(LocalStack stack, int maxReceiveCount) {
    JsonNode policy;
    try {
      policy = JSON.readTree(attribute(stack.sqsClient(), stack.queueUrl(), QueueAttributeName.REDRIVE_POLICY));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertEquals(maxReceiveCount, policy.get("maxReceiveCount").asInt());
    assertEquals(attribute(stack.sqsClient(), stack.dlqUrl(), QueueAttributeName.QUEUE_ARN),
        policy.get("deadLetterTargetArn").asText());
  }

  private static String attribute(SqsClient sqs, String queueUrl, QueueAttributeName name) {
    return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
  }
}
