package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.Samples;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The worker as an event source mapping: partial failures come back, then go to the DLQ; stop waits for work. */
@Tag(StackFixture.AWS_API)
class WorkerRedeliveryIT {
  private static final int MAX_RECEIVES = 3;
  @RegisterExtension
  static final StackExtension stack = new StackExtension(c -> c.withVisibilityTimeoutSeconds(1).withMaxReceiveCount(MAX_RECEIVES));

  @Test
  void failedRecordReturnsUntilTheDlq_whileTheRestOfItsBatchIsDeleted() throws Exception {
    CliRun submit = CliRun.of(stack.args("submit", Samples.sample("kitchen-12.csv").toString(),
        "--catalog-id", "poison-neighbour", "--batch-size", "12"));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
    stack.fixture().stack.sqsClient().sendMessage(b -> b.queueUrl(stack.fixture().stack.queueUrl()).messageBody("{not a batch"));

    LocalWorker worker = stack.fixture().worker(1);
    worker.start();
    Await.until(() -> stack.fixture().messagesIn(stack.fixture().stack.dlqUrl()) > 0, Duration.ofSeconds(60),
        "the poison message to reach the DLQ");
    worker.close();

    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()), "the good batch was deleted, the bad one moved");
    assertEquals(12, stack.fixture().mongoCount("poison-neighbour"));
    Message dead = stack.fixture().stack.sqsClient().receiveMessage(b -> b.queueUrl(stack.fixture().stack.dlqUrl())
        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages().get(0);
    assertEquals("{not a batch", dead.body());
    LocalWorker.Stats stats = worker.stats();
    assertEquals(MAX_RECEIVES, stats.failedRecords(), "delivered maxReceiveCount times, failed each time");
    assertEquals(0, stats.handlerErrors());
  }

  @Test
  void stop_waitsForTheInvocationInFlight_andDeletesItsRecords() throws Exception {
    String queue = stack.fixture().stack.sqsClient().createQueue(b -> b.queueName("slow")).queueUrl();
    stack.fixture().stack.sqsClient().sendMessage(b -> b.queueUrl(queue).messageBody("slow work"));
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
    LocalWorker worker = new LocalWorker(stack.fixture().stack.sqsClient(), queue, "us-east-1", slow,
        new WorkerSettings(10, 2, 1, 60), new PrintStream(OutputStream.nullOutputStream()));
    worker.start();
    assertTrue(started.await(10, TimeUnit.SECONDS));
    worker.stop(Duration.ofSeconds(10));
    assertEquals(1, finished.get(), "the in-flight invocation ran to its end");
    assertEquals(0, stack.fixture().messagesIn(queue), "its record was deleted before the worker stopped");
  }
}
