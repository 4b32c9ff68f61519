package dev.enrich.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON line per event, which CloudWatch Logs Insights can query by field. */
public final class EventLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintStream out;

  public EventLog(PrintStream out) {
    this.out = out;
  }

  public void batch(String requestId, BatchProcessor.Result result, long durationMs) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "batch");
    line.put("request_id", requestId);
    line.put("catalog_id", result.catalogId());
    line.put("batch_id", result.batchId());
    line.put("outcome", result.outcome().name());
    line.put("succeeded", result.succeeded());
    line.put("failed", result.failed());
    line.put("duration_ms", durationMs);
    if (result.error() != null) {
      line.put("error", result.error());
    }
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
