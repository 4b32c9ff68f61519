package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The worker as an event source mapping: partial failures come back, then go to the DLQ; stop waits for work. */
class WorkerRedeliveryIT {
  private static final int MAX_RECEIVES = 3;
  private static StackFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture(c -> c.withVisibilityTimeoutSeconds(1).withMaxReceiveCount(MAX_RECEIVES));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void failedRecordReturnsUntilTheDlq_whileTheRestOfItsBatchIsDeleted() throws Exception {
    List<String> args = new ArrayList<>(List.of("submit", PipelineIT.sample("kitchen-12.csv").toString(),
        "--catalog-id", "poison-neighbour", "--batch-size", "12"));
    args.addAll(List.of(fixture.flags()));
    CliRun submit = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
    fixture.stack.sqsClient().sendMessage(b -> b.queueUrl(fixture.stack.queueUrl()).messageBody("{not a batch"));

    LocalWorker worker = fixture.worker(1);
    worker.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (fixture.messagesIn(fixture.stack.dlqUrl()) == 0) {
      assertTrue(System.nanoTime() < deadline, "the poison message never reached the DLQ");
      Thread.sleep(200);
    }
    worker.close();

    assertEquals(0, fixture.messagesIn(fixture.stack.queueUrl()), "the good batch was deleted, the bad one moved");
    assertEquals(12, fixture.mongoCount("poison-neighbour"));
    Message dead = fixture.stack.sqsClient().receiveMessage(b -> b.queueUrl(fixture.stack.dlqUrl())
        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages().get(0);
    assertEquals("{not a batch", dead.body());
    LocalWorker.Stats stats = worker.stats();
    assertEquals(MAX_RECEIVES, stats.failedRecords(), "delivered maxReceiveCount times, failed each time");
    assertEquals(0, stats.handlerErrors());
  }

  @Test
  void stop_waitsForTheInvocationInFlight_andDeletesItsRecords() throws Exception {
    String queue = fixture.stack.sqsClient().createQueue(b -> b.queueName("slow")).queueUrl();
    fixture.stack.sqsClient().sendMessage(b -> b.queueUrl(queue).messageBody("slow work"));
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    RequestHandler<SQSEvent, SQSBatchResponse> slow = (event, context) -> {
      started.countDown();
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        throw new IllegalStateException("interrupted: the worker did not wait", e);
      }
      finished.addAndGet(event.getRecords().size());
      return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
    };
    LocalWorker worker = new LocalWorker(fixture.stack.sqsClient(), queue, "us-east-1", slow,
        new WorkerSettings(10, 2, 1, 60), new PrintStream(OutputStream.nullOutputStream()));
    worker.start();
    assertTrue(started.await(10, TimeUnit.SECONDS));
    worker.stop(Duration.ofSeconds(10));
    assertEquals(1, finished.get(), "the in-flight invocation ran to its end");
    assertEquals(0, fixture.messagesIn(queue), "its record was deleted before the worker stopped");
  }
}
