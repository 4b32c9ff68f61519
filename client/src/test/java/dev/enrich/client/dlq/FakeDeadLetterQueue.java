package dev.enrich.client.dlq;

import dev.enrich.contract.output.MoveTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * An in-memory DLQ and source queue with SQS's visibility rules (a received message is invisible
 * until its timeout, a visibility change or a delete), an event log in call order, and switches to
 * make a call fail the way a crash or a refusing SQS would.
 */
class FakeDeadLetterQueue implements DeadLetterQueue {
  static final QueuePair QUEUES = new QueuePair("http://sqs/q/batches", "arn:aws:sqs:r:1:batches",
      "http://sqs/q/batches-dlq", "arn:aws:sqs:r:1:batches-dlq", 3);

  private static final class Stored {
    final DlqMessage message;
    long invisibleUntil;
    String receipt;
    int receives;

    Stored(DlqMessage message) {
      this.message = message;
    }
  }

  final Map<String, Stored> dlq = new LinkedHashMap<>();
  final List<DlqMessage> source = new ArrayList<>();
  final List<String> events;
  final List<MoveTask> tasks = new ArrayList<>();
  private int receipts;
  /** Sends that succeed before {@link #sendToSource} dies: the rest of that call is lost, as in a crash. */
  int sendsBeforeCrash = Integer.MAX_VALUE;
  /** Makes {@link #delete} die before deleting anything. */
  boolean deleteCrashes;
  /** Message ids whose next delete SQS refuses (the message becomes visible again). */
  final Set<String> refuseDeleteOnce = new HashSet<>();

  FakeDeadLetterQueue(List<String> events) {
    this.events = events;
  }

  /** A batch message of {@code catalog}, as the submitter sends it. */
  static DlqMessage batch(String catalog, int batch) {
    String batchId = String.format("B#%06d", batch);
    return new DlqMessage(catalog + "/" + batchId, null, "{\"catalog_id\":\"" + catalog + "\",\"batch_id\":\""
        + batchId + "\"}", Map.of("catalog_id", string(catalog), "batch_id", string(batchId),
        "schema_version", string("1.0")), catalog, batchId, 2, null, 3, Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  void put(DlqMessage... messages) {
    for (DlqMessage m : messages) {
      dlq.put(m.messageId(), new Stored(m));
    }
  }

  Set<String> dlqIds() {
    return new HashSet<>(dlq.keySet());
  }

  List<String> sourceIds() {
    return source.stream().map(DlqMessage::messageId).toList();
  }

  long visibleInDlq() {
    long now = System.nanoTime();
    return dlq.values().stream().filter(s -> s.invisibleUntil <= now).count();
  }

  @Override
  public QueuePair queues() {
    return QUEUES;
  }

  @Override
  public List<DlqMessage> receive(int max, Duration visibility, Duration wait) {
    long now = System.nanoTime();
    List<DlqMessage> got = new ArrayList<>();
    for (Stored s : dlq.values()) {
      if (got.size() == max) {
        break;
      }
      if (s.invisibleUntil <= now) {
        s.invisibleUntil = now + Math.max(1, visibility.toNanos());
        s.receipt = s.message.messageId() + "#" + (++receipts);
        s.receives++;
        got.add(s.message.withReceipt(s.receipt));
      }
    }
    return got;
  }

  @Override
  public void changeVisibility(List<DlqMessage> messages, Duration visibility) {
    long now = System.nanoTime();
    for (DlqMessage m : messages) {
      Stored s = dlq.get(m.messageId());
      if (s != null && m.receiptHandle().equals(s.receipt)) {
        s.invisibleUntil = visibility.isZero() ? 0 : now + visibility.toNanos();
      }
    }
  }

  @Override
  public List<DlqMessage> sendToSource(List<DlqMessage> messages) {
    List<DlqMessage> sent = new ArrayList<>();
    for (DlqMessage m : messages) {
      if (sendsBeforeCrash-- <= 0) {
        throw new IllegalStateException("crash while sending");
      }
      source.add(m);
      events.add("send " + m.messageId());
      sent.add(m);
    }
    return sent;
  }

  @Override
  public List<DlqMessage> delete(List<DlqMessage> messages) {
    if (deleteCrashes) {
      throw new IllegalStateException("crash before the delete");
    }
    List<DlqMessage> failed = new ArrayList<>();
    for (DlqMessage m : messages) {
      Stored s = dlq.get(m.messageId());
      if (refuseDeleteOnce.remove(m.messageId())) {
        if (s != null) {
          s.invisibleUntil = 0;
        }
        failed.add(m);
      } else if (s != null && m.receiptHandle().equals(s.receipt)) {
        dlq.remove(m.messageId());
        events.add("delete " + m.messageId());
      } else {
        failed.add(m);
      }
    }
    return failed;
  }

  @Override
  public List<MoveTask> moveTasks() {
    return List.copyOf(tasks);
  }

  /** Moves every visible message at once and records a COMPLETED task, as a fast SQS would. */
  @Override
  public String startMoveTask(Integer maxPerSecond) {
    events.add("start task");
    long now = System.nanoTime();
    List<String> moved = new ArrayList<>();
    for (Stored s : dlq.values()) {
      if (s.invisibleUntil <= now) {
        source.add(s.message);
        moved.add(s.message.messageId());
      }
    }
    moved.forEach(dlq::remove);
    String handle = "task-" + (tasks.size() + 1);
    tasks.add(0, new MoveTask(handle, MoveTask.COMPLETED, moved.size(), 0, maxPerSecond, Instant.now(), null));
    return handle;
  }

  @Override
  public long cancelMoveTask(String taskHandle) {
    events.add("cancel " + taskHandle);
    Optional<MoveTask> task = tasks.stream().filter(t -> t.taskHandle().equals(taskHandle)).findFirst();
    tasks.removeIf(t -> t.taskHandle().equals(taskHandle)); // as ElasticMQ: a cancelled task is no longer listed
    return task.map(MoveTask::moved).orElse(0L);
  }

  @Override
  public QueueDepth depth(String queueUrl) {
    if (queueUrl.equals(QUEUES.dlqUrl())) {
      long visible = visibleInDlq();
      return new QueueDepth(visible, dlq.size() - visible, 0);
    }
    return new QueueDepth(source.size(), 0, 0);
  }

  @Override
  public Optional<Instant> oldestSentSample(String queueUrl) {
    return dlq.values().stream().map(s -> s.message.sentAt()).min(Instant::compareTo);
  }

  @Override
  public boolean hasRedrivePolicy(String queueUrl) {
    return queueUrl.equals(QUEUES.sourceUrl());
  }

  int receivesOf(Predicate<String> id) {
    return dlq.values().stream().filter(s -> id.test(s.message.messageId())).mapToInt(s -> s.receives).sum();
  }
}
