package dev.enrich.cli.local;

import dev.enrich.local.LocalStack;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Run by {@link LocalDurabilityIT} in a JVM of its own, to be killed with kill -9: starts a
 * persistent stack, sends {@code count} messages, deletes {@code deleted} of them, receives
 * {@code inFlight} more without deleting them, inserts MongoDB documents, prints {@code READY} and waits to be killed.
 * Arguments: data dir, count, deleted, inFlight.
 */
public final class LocalDurabilityChild {
  private LocalDurabilityChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int deleted = Integer.parseInt(args[2]);
    int inFlight = Integer.parseInt(args[3]);
    LocalStack stack = LocalStack.start(LocalDurabilityIT.config(dir), System.err::println);
    SqsClient sqs = stack.sqsClient();
    for (int i = 0; i < count; i++) {
      String body = LocalDurabilityIT.body(i);
      sqs.sendMessage(r -> r.queueUrl(stack.queueUrl()).messageBody(body));
    }
    for (Message m : LocalDurabilityIT.receive(sqs, stack.queueUrl(), deleted, 30)) {
      sqs.deleteMessage(r -> r.queueUrl(stack.queueUrl()).receiptHandle(m.receiptHandle()));
      System.out.println("deleted " + m.body());
    }
    // The queue's own visibility timeout, 2 s: back in the queue soon after the restart.
    List<Message> received = LocalDurabilityIT.receive(sqs, stack.queueUrl(), inFlight, null);
    received.forEach(m -> System.out.println("in-flight " + m.body()));
    // MongoDB too: acknowledged writes must survive the kill.
    var products = stack.mongoClient().getDatabase(stack.config().mongoDatabase()).getCollection("products");
    for (int i = 0; i < LocalDurabilityIT.MONGO_DOCUMENTS; i++) {
      products.insertOne(new org.bson.Document("catalog_id", "kill9").append("sku", "S" + i));
    }
    // Printed right after ElasticMQ and MongoDB answered the last call: the kill follows within milliseconds.
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
