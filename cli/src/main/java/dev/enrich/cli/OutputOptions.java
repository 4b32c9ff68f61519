package dev.enrich.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --output text|json}: commands render small output records, as text or as one JSON document. */
public final class OutputOptions {
  public enum Format { text, json }

  /**
   * Built on first use, not when picocli creates this mixin: Jackson's start-up is a third of a
   * command's, and {@code --help}, {@code --version} and text output never need it.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  public boolean json() {
    return format == Format.json;
  }

  /** The record as one line of JSON, in the published schema's naming (snake_case, ISO-8601 times). */
  public static String toJson(Object record) {
    try {
      return Json.MAPPER.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("output records always serialise", e);
    }
  }

  /** Prints the record as JSON, or the text the caller renders. */
  public void print(PrintWriter out, Object record, String text) {
    if (json()) {
      out.println(toJson(record));
    } else {
      out.print(text);
    }
    out.flush();
  }
}
