package dev.enrich.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.lambda.enrich.ProviderUsage;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON line per event, which CloudWatch Logs Insights can query by field. Batch lines are also
 * in CloudWatch Embedded Metric Format, so CloudWatch extracts the consumer's metrics from the log
 * without an API call: ProductsEnriched, ProductsFailed, KeepaTokensConsumed, KeepaThrottled and
 * BatchDurationMs, in namespace {@value #NAMESPACE}. One invocation line per invocation carries
 * RecordsRetried, the records it returned to the queue (zero included, so that an alarm on it
 * reads a series without gaps while the consumer runs).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">Embedded metric format</a>
 */
public final class EventLog {
  public static final String NAMESPACE = "Enrich";
  static final String SERVICE = "enrich-consumer";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Metric dimension naming the deployment (dev, staging, prod) when the function knows it. */
  public static final String ENVIRONMENT_DIMENSION = "Environment";
  private static final List<Map<String, String>> METRIC_NAMES = List.of(
          Map.of("Name", "ProductsEnriched", "Unit", "Count"),
          Map.of("Name", "ProductsFailed", "Unit", "Count"),
          Map.of("Name", "KeepaTokensConsumed", "Unit", "Count"),
          Map.of("Name", "KeepaThrottled", "Unit", "Count"),
          Map.of("Name", "BatchDurationMs", "Unit", "Milliseconds"));

  private static final List<Map<String, String>> INVOCATION_METRIC_NAMES = List.of(
          Map.of("Name", "RecordsRetried", "Unit", "Count"));

  private final PrintStream out;
  private final Clock clock;
  private final String environment;
  private final Map<String, Object> metrics;
  private final Map<String, Object> invocationMetrics;

  public EventLog(PrintStream out) {
    this(out, Clock.systemUTC(), null);
  }

  public EventLog(PrintStream out, Clock clock) {
    this(out, clock, null);
  }

  /**
   * @param environment the deployment's name, added as the {@value #ENVIRONMENT_DIMENSION} dimension
   *     so that environments sharing an account and region keep separate metrics; null for none
   */
  public EventLog(PrintStream out, Clock clock, String environment) {
    this.out = out;
    this.clock = clock;
    this.environment = environment == null || environment.isBlank() ? null : environment;
    List<List<String>> dimensions =
        List.of(this.environment == null ? List.of("Service") : List.of("Service", ENVIRONMENT_DIMENSION));
    this.metrics = Map.of("Namespace", NAMESPACE, "Dimensions", dimensions, "Metrics", METRIC_NAMES);
    this.invocationMetrics =
        Map.of("Namespace", NAMESPACE, "Dimensions", dimensions, "Metrics", INVOCATION_METRIC_NAMES);
  }

  /** The end of an invocation: how many records it had and how many it returned to the queue. */
  public void invocation(String requestId, int records, int retried) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "invocation");
    line.put("request_id", requestId);
    line.put("records", records);
    line.put("Service", SERVICE);
    if (environment != null) {
      line.put(ENVIRONMENT_DIMENSION, environment);
    }
    line.put("RecordsRetried", retried);
    line.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", List.of(invocationMetrics)));
    write(line);
  }

  public void batch(String requestId, BatchProcessor.Result result, long durationMs) {
    batch(requestId, result, durationMs, ProviderUsage.NONE);
  }

  public void batch(String requestId, BatchProcessor.Result result, long durationMs, ProviderUsage usage) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "batch");
    line.put("request_id", requestId);
    line.put("catalog_id", result.catalogId());
    line.put("batch_id", result.batchId());
    line.put("outcome", result.outcome().name());
    line.put("succeeded", result.succeeded());
    line.put("failed", result.failed());
    if (result.retried() > 0) {
      line.put("retried", result.retried());
    }
    line.put("duration_ms", durationMs);
    if (result.error() != null) {
      line.put("error", result.error());
    }
    line.put("Service", SERVICE);
    if (environment != null) {
      line.put(ENVIRONMENT_DIMENSION, environment);
    }
    line.put("ProductsEnriched", result.succeeded());
    // Not enriched by this attempt: failed for good, or in a batch returned to the queue. A provider
    // or MongoDB outage fails whole batches, which the handler reports as partial batch failures,
    // never as Lambda errors: the failed-products alarm sees them here.
    line.put("ProductsFailed", result.failed() + result.retried());
    line.put("KeepaTokensConsumed", usage.tokensConsumed());
    line.put("KeepaThrottled", usage.throttled());
    line.put("BatchDurationMs", durationMs);
    line.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", List.of(metrics)));
    write(line);
  }

  /** Something went wrong that the work survives (for example a visibility extension failed). */
  public void warn(String message) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "warning");
    line.put("message", message);
    line.put("timestamp", clock.millis());
    write(line);
  }

  private void write(Map<String, Object> line) {
    try {
      out.println(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers always serialises", e);
    }
  }
}
