package dev.enrich.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON of the published output records (docs/schemas): snake_case names, ISO-8601 times. The
 * CLI's {@code --output json} and a service answering with the same records both write through
 * here, so the schemas hold for both.
 */
public final class OutputJson {
  /**
   * Built on first use: Jackson's start-up is a third of a short command's, and text output never
   * needs it.
   */
  private static final class Holder {
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        // Fields may be added within a schema's major version: an older reader skips them.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  private OutputJson() {}

  /** The record as one line of JSON. */
  public static String write(Object record) {
    try {
      return Holder.MAPPER.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("output records always serialise", e);
    }
  }

  /** A record back from its JSON (a subscriber reading a completion event, a test reading an output). */
  public static <T> T read(String json, Class<T> type) throws JsonProcessingException {
    return Holder.MAPPER.readValue(json, type);
  }
}
