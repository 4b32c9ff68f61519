package dev.enrich.client.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.Await;
import dev.enrich.cli.local.StackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * How ElasticMQ 1.7.1 answers the message move task API, as the DLQ tools rely on it. Where it
 * differs from AWS the test says so, and the code handles it (see the references); should an
 * ElasticMQ upgrade change an answer, this fails first.
 */
class ElasticMqMoveTaskIT {
  private static final AtomicInteger PAIRS = new AtomicInteger();
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  private static SqsClient sqs;

  @BeforeAll
  static void start() throws Exception {
    sqs = stack.fixture().stack.sqsClient();
  }

  /** A fresh batch queue whose RedrivePolicy names a fresh DLQ. */
  private static QueuePair pair() {
    String name = "probe-" + PAIRS.incrementAndGet();
    String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
    String dlqArn = arn(dlqUrl);
    String url = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"1\"}"))).queueUrl();
    return new QueuePair(url, arn(url), dlqUrl, dlqArn, 1);
  }

  private static String arn(String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
  }

  private static void sendToDlq(QueuePair q, int count) {
    for (int i = 0; i < count; i++) {
      String body = "message " + i;
      sqs.sendMessage(b -> b.queueUrl(q.dlqUrl()).messageBody(body).messageAttributes(Map.of("catalog_id",
          MessageAttributeValue.builder().dataType("String").stringValue("c-" + body).build())));
    }
  }

  private static List<ListMessageMoveTasksResultEntry> tasks(QueuePair q) {
    return sqs.listMessageMoveTasks(b -> b.sourceArn(q.dlqArn()).maxResults(10)).results();
  }

  private static ListMessageMoveTasksResultEntry awaitStatus(QueuePair q, String handle, String status)
      throws InterruptedException {
    return Await.until(() -> tasks(q).stream().filter(t -> t.taskHandle().equals(handle) && t.status().equals(status))
            .findFirst(), Optional::isPresent, Duration.ofSeconds(20), Duration.ofMillis(50),
        t -> "task " + handle + " to be " + status + ": " + tasks(q)).orElseThrow();
  }


  private static List<Message> receiveAll(String url) {
    return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(0).waitTimeSeconds(1)
        .messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages();
  }

  @Test
  void aTaskIsListedRunning_thenCompleted_andMovesBodiesAndAttributes() throws Exception {
    QueuePair q = pair();
    sendToDlq(q, 3);
    String handle = sqs.startMessageMoveTask(b -> b.sourceArn(q.dlqArn()).destinationArn(q.sourceArn())
        .maxNumberOfMessagesPerSecond(5)).taskHandle();
    ListMessageMoveTasksResultEntry running = awaitStatus(q, handle, "RUNNING");
    assertEquals(3, running.approximateNumberOfMessagesToMove());
    assertEquals(5, running.maxNumberOfMessagesPerSecond());
    ListMessageMoveTasksResultEntry done = awaitStatus(q, handle, "COMPLETED");
    assertEquals(3, done.approximateNumberOfMessagesMoved());
    // AWS keeps the count of messages to move; ElasticMQ reports 0 once the task completed (MoveTask.total()).
    assertEquals(0, done.approximateNumberOfMessagesToMove());
    List<Message> moved = receiveAll(q.sourceUrl());
    assertEquals(Set.of("message 0", "message 1", "message 2"), moved.stream().map(Message::body)
        .collect(Collectors.toSet()));
    Message m = moved.stream().filter(x -> x.body().equals("message 1")).findFirst().orElseThrow();
    assertEquals("c-message 1", m.messageAttributes().get("catalog_id").stringValue());
    assertEquals("1", m.attributes().get(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName
        .APPROXIMATE_RECEIVE_COUNT), "a moved message starts its receive count again");
  }

  @Test
  void aSecondTaskWhileOneRuns_isRefused_soTheToolsFollowTheRunningOne() throws Exception {
    QueuePair q = pair();
    sendToDlq(q, 5);
    String handle = sqs.startMessageMoveTask(b -> b.sourceArn(q.dlqArn()).destinationArn(q.sourceArn())
        .maxNumberOfMessagesPerSecond(2)).taskHandle();
    SqsException refused = assertThrows(SqsException.class,
        () -> sqs.startMessageMoveTask(b -> b.sourceArn(q.dlqArn()).destinationArn(q.sourceArn())));
    assertEquals("UnsupportedOperation", refused.awsErrorDetails().errorCode());
    sqs.cancelMessageMoveTask(b -> b.taskHandle(handle));
  }

  @Test
  void aCancelledTask_isNoLongerListed_andItsHandleIsUnknown() throws Exception {
    QueuePair q = pair();
    sendToDlq(q, 6);
    String handle = sqs.startMessageMoveTask(b -> b.sourceArn(q.dlqArn()).destinationArn(q.sourceArn())
        .maxNumberOfMessagesPerSecond(2)).taskHandle();
    awaitStatus(q, handle, "RUNNING");
    Thread.sleep(700);
    long moved = sqs.cancelMessageMoveTask(b -> b.taskHandle(handle)).approximateNumberOfMessagesMoved();
    assertTrue(moved >= 1 && moved < 6, "moved " + moved);
    // AWS lists a cancelled task as CANCELLING, then CANCELLED; ElasticMQ forgets it
    // (MoveTaskRedrive.follow and awaitEnd read "no longer listed" as cancelled).
    assertTrue(tasks(q).stream().noneMatch(t -> t.taskHandle().equals(handle)), tasks(q).toString());
    SqsException again = assertThrows(SqsException.class, () -> sqs.cancelMessageMoveTask(b -> b.taskHandle(handle)));
    assertEquals("ResourceNotFoundException", again.awsErrorDetails().errorCode());
    Thread.sleep(1200);
    assertEquals(6, stack.fixture().messagesIn(q.sourceUrl()) + stack.fixture().messagesIn(q.dlqUrl()), "the cancel lost nothing");
  }

  @Test
  void aMessageDeletedAfterAReceive_isMovedAgain_unlessAVisibilityChangeCameBetween() throws Exception {
    QueuePair q = pair();
    sendToDlq(q, 2);
    Message gone = sqs.receiveMessage(b -> b.queueUrl(q.dlqUrl()).maxNumberOfMessages(1).visibilityTimeout(2))
        .messages().get(0);
    sqs.deleteMessage(b -> b.queueUrl(q.dlqUrl()).receiptHandle(gone.receiptHandle()));
    String handle = sqs.startMessageMoveTask(b -> b.sourceArn(q.dlqArn()).destinationArn(q.sourceArn()))
        .taskHandle();
    // ElasticMQ 1.7.1 bug: the delete left the message in the queue's internal order, and the task
    // moves it back (invisible until the receive's visibility timeout ends, then delivered).
    assertEquals(2, awaitStatus(q, handle, "COMPLETED").approximateNumberOfMessagesMoved());
    Thread.sleep(2500);
    assertEquals(2, receiveAll(q.sourceUrl()).size(), "the deleted message came back");

    // Any visibility change that makes a message visible earlier rebuilds that order from the live
    // messages: the DLQ tools scan (and so release) the DLQ before every move task they start.
    QueuePair p = pair();
    sendToDlq(p, 2);
    Message deleted = sqs.receiveMessage(b -> b.queueUrl(p.dlqUrl()).maxNumberOfMessages(1).visibilityTimeout(2))
        .messages().get(0);
    sqs.deleteMessage(b -> b.queueUrl(p.dlqUrl()).receiptHandle(deleted.receiptHandle()));
    Message kept = sqs.receiveMessage(b -> b.queueUrl(p.dlqUrl()).maxNumberOfMessages(1).visibilityTimeout(30))
        .messages().get(0);
    sqs.changeMessageVisibility(b -> b.queueUrl(p.dlqUrl()).receiptHandle(kept.receiptHandle()).visibilityTimeout(0));
    String clean = sqs.startMessageMoveTask(b -> b.sourceArn(p.dlqArn()).destinationArn(p.sourceArn())).taskHandle();
    assertEquals(1, awaitStatus(p, clean, "COMPLETED").approximateNumberOfMessagesMoved());
    Thread.sleep(2500);
    assertEquals(1, receiveAll(p.sourceUrl()).size());
  }
}
