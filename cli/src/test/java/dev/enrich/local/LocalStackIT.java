package dev.enrich.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.enrich.cli.Await;
import dev.enrich.cli.ProcessReaper;
import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import dev.enrich.contract.StatusTable;
import dev.enrich.lambda.store.MongoProductStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The real three servers on free loopback ports. */
class LocalStackIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  @RegisterExtension
  final ProcessReaper reaper = new ProcessReaper();
  private final List<String> notices = new ArrayList<>();

  private LocalStackConfig ephemeral() {
    return LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true);
  }

  @Test
  void ephemeral_provisionsQueueTableAndIndex_andCloseStopsDynalite() throws Exception {
    long dynalitePid;
    try (LocalStack stack = LocalStack.start(ephemeral().withMaxReceiveCount(3), notices::add)) {
      dynalitePid = stack.dynalitePid();
      assertRedrive(stack, 3);
      assertEquals("60", attribute(stack.sqsClient(), stack.queueUrl(), QueueAttributeName.VISIBILITY_TIMEOUT));

      TableDescription table = stack.dynamoClient().describeTable(r -> r.tableName("enrich-status")).table();
      assertEquals(StatusTable.BY_USER_INDEX, table.globalSecondaryIndexes().get(0).indexName());

      Document index = indexNamed(products(stack), MongoProductStore.UNIQUE_INDEX);
      assertEquals(true, index.getBoolean("unique"));
      assertEquals(new Document("catalog_id", 1).append("sku", 1), index.get("key", Document.class));

      putItem(stack, "c1");
      assertEquals("u1", getItem(stack, "c1").get(StatusTable.USER_ID).s());

      assertTrue(stack.sqsEndpoint().toString().startsWith("http://127.0.0.1:"));
      assertTrue(stack.mongoUri().startsWith("mongodb://127.0.0.1:"));
      try (var files = Files.list(dir)) {
        assertEquals(List.of(dir.resolve("local-stack.json")), files.toList(), "ephemeral: only the state file");
      }
      JsonNode state = JSON.readTree(dir.resolve("local-stack.json").toFile());
      assertEquals(ProcessHandle.current().pid(), state.get("owner_pid").asLong());
      assertEquals(dynalitePid, state.get("dynalite_pid").asLong());
      assertEquals(stack.dynamoEndpoint().getPort(), state.get("dynamo_port").asInt());

      // Provisioning again with another max receive count updates the existing queue in place.
      StackProvisioner.Queues again = new StackProvisioner(ephemeral().withMaxReceiveCount(7),
          stack.sqsClient(), stack.dynamoClient(), stack.mongoClient()).provision();
      assertEquals(stack.queueUrl(), again.queueUrl());
      assertRedrive(stack, 7);
    }
    assertFalse(alive(dynalitePid), "close() stops dynalite");
    assertFalse(Files.exists(dir.resolve("local-stack.json")), "close() removes the state file");
    assertTrue(notices.isEmpty(), notices.toString());
  }

  @Test
  void persistent_keepsItemsAndDocumentsAcrossARestart() {
    LocalStackConfig config = LocalStackConfig.defaults(dir).withPorts(0, 0, 0);
    try (LocalStack stack = LocalStack.start(config, notices::add)) {
      putItem(stack, "kept");
      products(stack).insertOne(new Document("catalog_id", "kept").append("sku", "A"));
      stack.sqsClient().sendMessage(r -> r.queueUrl(stack.queueUrl()).messageBody("kept"));
    }
    assertTrue(Files.isRegularFile(config.mongoFile()));
    assertTrue(Files.isRegularFile(config.sqsFile()));
    assertTrue(Files.isDirectory(config.dynamoDir()));

    try (LocalStack stack = LocalStack.start(config, notices::add)) {
      assertEquals("u1", getItem(stack, "kept").get(StatusTable.USER_ID).s());
      assertEquals(1, products(stack).countDocuments(Filters.eq("catalog_id", "kept")));
      assertNotNull(indexNamed(products(stack), MongoProductStore.UNIQUE_INDEX));
      assertRedrive(stack, 5);
      // ElasticMQ keeps its messages in sqs.mv.db (LocalDurabilityIT has the details).
      assertEquals(List.of("kept"), stack.sqsClient().receiveMessage(r -> r.queueUrl(stack.queueUrl())).messages()
          .stream().map(Message::body).toList());
    }
    assertTrue(notices.isEmpty(), notices.toString());
  }

  @Test
  void aMessageReceivedMoreThanMaxReceiveCountTimes_movesToTheDlq() {
    try (LocalStack stack = LocalStack.start(ephemeral().withMaxReceiveCount(2), notices::add)) {
      SqsClient sqs = stack.sqsClient();
      sqs.sendMessage(r -> r.queueUrl(stack.queueUrl()).messageBody("poison"));

      for (int receive = 1; receive <= 2; receive++) {
        // Visibility 0: back in the queue at once, as if the consumer had failed it.
        List<Message> got = sqs.receiveMessage(r -> r.queueUrl(stack.queueUrl()).visibilityTimeout(0)).messages();
        assertEquals(1, got.size(), "receive " + receive);
      }
      assertTrue(sqs.receiveMessage(r -> r.queueUrl(stack.queueUrl()).visibilityTimeout(0)).messages().isEmpty());

      List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(stack.dlqUrl())).messages();
      assertEquals(1, dead.size());
      assertEquals("poison", dead.get(0).body());
    }
  }

  @Test
  void aTakenPort_isAUsageErrorNamingItsOption_andNothingIsLeftRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertPortInUse(ephemeral().withPorts(port, 0, 0), port, "--sqs-port");
      assertPortInUse(ephemeral().withPorts(0, port, 0), port, "--dynamodb-port");
      assertPortInUse(ephemeral().withPorts(0, 0, port), port, "--mongo-port");
    }
  }

  @Test
  void aLeftoverStateFile_getsItsDynaliteStopped_andTheStackStarts() throws Exception {
    long deadOwner = deadPid();
    Process decoy = reaper.track(new ProcessBuilder(NodeModules.nodeExecutable().toString(), "-e",
        "setInterval(() => {}, 1000)").start());
    writeState(deadOwner, decoy.pid(), Instant.now());

    try (LocalStack stack = LocalStack.start(ephemeral(), notices::add)) {
      assertTrue(decoy.waitFor(1, TimeUnit.SECONDS), "the leftover dynalite was stopped");
      assertEquals(List.of("cleaned up after an earlier local stack that was killed: stopped dynalite pid "
          + decoy.pid()), notices);
      assertEquals(stack.dynalitePid(), JSON.readTree(dir.resolve("local-stack.json").toFile())
          .get("dynalite_pid").asLong(), "the new stack's state replaced the old one");
    }
  }

  @Test
  void aLeftoverStateFile_withNothingRunning_isReportedAndReplaced() throws Exception {
    long deadOwner = deadPid();
    writeState(deadOwner, deadPid(), Instant.now());

    try (LocalStack stack = LocalStack.start(ephemeral(), notices::add)) {
      assertEquals(List.of("an earlier local stack (pid " + deadOwner
          + ") ended without stopping; nothing was left running"), notices);
    }
  }

  @Test
  void aStateFileOfALiveOwner_refusesToStartASecondStack() throws Exception {
    long me = ProcessHandle.current().pid();
    writeState(me, deadPid(), Instant.now());

    EnrichException e = assertThrows(EnrichException.class, () -> LocalStack.start(ephemeral(), notices::add));

    assertInstanceOf(InvalidInputException.class, e);
    assertEquals("a local stack is already running (pid " + me + ", data dir " + dir + "): stop it first",
        e.getMessage());
    assertTrue(Files.exists(dir.resolve("local-stack.json")), "the running stack's file is left alone");
  }

  private void assertPortInUse(LocalStackConfig config, int port, String option) throws InterruptedException {
    List<ProcessHandle> before = ProcessHandle.current().children().toList();
    Set<Thread> elasticmqBefore = elasticmqThreads();

    EnrichException e = assertThrows(EnrichException.class, () -> LocalStack.start(config, notices::add));

    assertInstanceOf(InvalidInputException.class, e);
    assertTrue(e.getMessage().startsWith("port " + port + " ("), e.getMessage());
    assertTrue(e.getMessage().contains("another 'enrich local up' may be running"), e.getMessage());
    assertTrue(e.getMessage().contains(option), e.getMessage());
    assertEquals(before, ProcessHandle.current().children().toList(), "dynalite was stopped");
    assertFalse(Files.exists(dir.resolve("local-stack.json")));
    // ElasticMQ's actor threads are not daemons: a leak would keep the JVM of 'enrich' alive. The
    // last ones end a few milliseconds after the actor system reports termination.
    Await.until(LocalStackIT::elasticmqThreads, elasticmqBefore::containsAll, Duration.ofSeconds(2),
        Duration.ofMillis(20), running -> "the ElasticMQ threads to end, left running: "
            + running.stream().filter(t -> !elasticmqBefore.contains(t)).toList());
  }

  private static Set<Thread> elasticmqThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("elasticmq-"))
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static void assertRedrive(LocalStack stack, int maxReceiveCount) {
    JsonNode policy = json(attribute(stack.sqsClient(), stack.queueUrl(), QueueAttributeName.REDRIVE_POLICY));
    assertEquals(maxReceiveCount, policy.get("maxReceiveCount").asInt());
    assertEquals(attribute(stack.sqsClient(), stack.dlqUrl(), QueueAttributeName.QUEUE_ARN),
        policy.get("deadLetterTargetArn").asText());
  }

  private static String attribute(SqsClient sqs, String queueUrl, QueueAttributeName name) {
    return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
  }

  private static void putItem(LocalStack stack, String catalogId) {
    stack.dynamoClient().putItem(r -> r.tableName(stack.config().tableName()).item(Map.of(
        StatusTable.CATALOG_ID, AttributeValue.fromS(catalogId),
        StatusTable.BATCH_ID, AttributeValue.fromS(StatusTable.CATALOG_ITEM),
        StatusTable.USER_ID, AttributeValue.fromS("u1"),
        StatusTable.CREATED_AT, AttributeValue.fromS("2025-01-01T00:00:00Z"))));
  }

  private static Map<String, AttributeValue> getItem(LocalStack stack, String catalogId) {
    return stack.dynamoClient().getItem(r -> r.tableName(stack.config().tableName()).consistentRead(true).key(Map.of(
        StatusTable.CATALOG_ID, AttributeValue.fromS(catalogId),
        StatusTable.BATCH_ID, AttributeValue.fromS(StatusTable.CATALOG_ITEM)))).item();
  }

  private static MongoCollection<Document> products(LocalStack stack) {
    return stack.mongoClient().getDatabase(stack.config().mongoDatabase()).getCollection(MongoProductStore.COLLECTION);
  }

  private static Document indexNamed(MongoCollection<Document> collection, String name) {
    for (Document index : collection.listIndexes()) {
      if (name.equals(index.getString("name"))) {
        return index;
      }
    }
    throw new AssertionError("no index " + name);
  }

  private void writeState(long ownerPid, long dynalitePid, Instant startedAt) throws IOException {
    Files.writeString(dir.resolve("local-stack.json"), JSON.createObjectNode()
        .put("owner_pid", ownerPid).put("dynalite_pid", dynalitePid)
        .put("sqs_port", 1).put("dynamo_port", 2).put("mongo_port", 3)
        .put("started_at", startedAt.toString()).toString());
  }

  /** The pid of a process that has just ended. */
  private static long deadPid() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
