package dev.enrich.client.dlq;

import dev.enrich.contract.output.MoveTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the DLQ tools need of SQS: the dead-letter queue, its source queue and their move tasks. */
public interface DeadLetterQueue {

  QueuePair queues();

  /** Receives up to {@code max} (1-10) DLQ messages, invisible for {@code visibility}. */
  List<DlqMessage> receive(int max, Duration visibility, Duration wait);

  /** Keeps received messages invisible for {@code visibility} from now (0 = visible again at once). */
  void changeVisibility(List<DlqMessage> messages, Duration visibility);

  /**
   * Sends copies (body and message attributes) to the source queue; returns the messages SQS
   * confirmed, in order. A message it did not confirm must stay in the DLQ.
   */
  List<DlqMessage> sendToSource(List<DlqMessage> messages);

  /** Deletes received messages from the DLQ; returns those SQS did not delete. */
  List<DlqMessage> delete(List<DlqMessage> messages);

  /** The DLQ's move tasks, most recent first. */
  List<MoveTask> moveTasks();

  /** Starts moving every DLQ message back to the source queue; returns the task handle. */
  String startMoveTask(Integer maxPerSecond);

  /** Asks SQS to stop a running task; returns the messages moved so far. */
  long cancelMoveTask(String taskHandle);

  QueueDepth depth(String queueUrl);

  /**
   * When the oldest of a sample of a queue's visible messages was sent, without taking them from
   * the queue (received with visibility timeout 0). Empty when the sample is empty.
   */
  Optional<Instant> oldestSentSample(String queueUrl);

  /** True when the queue has a RedrivePolicy: a receive there counts towards moving its messages on. */
  boolean hasRedrivePolicy(String queueUrl);
}
