package dev.enrich.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the AWS calls the code under test makes, as the SDK sends them: registered for every
 * client built in a test JVM through the SDK's global interceptor list
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources), so
 * production code needs no hook. Recording is off except inside {@link #during}.
 */
public final class SdkCalls implements ExecutionInterceptor {
  /**
   * One call.
   *
   * @param service the SDK's service name, e.g. {@code Sqs}, {@code DynamoDb}
   * @param operation the API operation, e.g. {@code SendMessageBatch}
   * @param target the queue URL, table name, queue ARN or bucket the request names, or null
   * @param index the index a query reads, or null
   */
  public record Call(String service, String operation, String target, String index) {}

  private static final List<Call> RECORDED = new ArrayList<>();
  private static volatile boolean recording;

  /** Runs {@code action} and returns it with every AWS call made meanwhile, from any thread. */
  public static synchronized <T> Recorded<T> during(Supplier<T> action) {
    synchronized (RECORDED) {
      RECORDED.clear();
    }
    recording = true;
    T result;
    try {
      result = action.get();
    } finally {
      recording = false;
    }
    synchronized (RECORDED) {
      return new Recorded<>(result, List.copyOf(RECORDED));
    }
  }

  /** What {@link #during} returns. */
  public record Recorded<T>(T result, List<Call> calls) {}

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (!recording) {
      return;
    }
    SdkRequest request = context.request();
    String target = field(request, "QueueUrl")
        .or(() -> field(request, "TableName"))
        .or(() -> field(request, "QueueName"))
        .or(() -> field(request, "SourceArn"))
        .or(() -> field(request, "TaskHandle"))
        .or(() -> field(request, "Bucket"))
        .orElse(null);
    Call call = new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), target, field(request, "IndexName").orElse(null));
    synchronized (RECORDED) {
      RECORDED.add(call);
    }
  }

  private static java.util.Optional<String> field(SdkRequest request, String name) {
    return request.getValueForField(name, String.class);
  }
}
