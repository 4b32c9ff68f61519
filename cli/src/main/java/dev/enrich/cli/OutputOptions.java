package dev.enrich.cli;

import dev.enrich.contract.OutputJson;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --output text|json}: commands render small output records, as text or as one JSON document. */
public final class OutputOptions {
  public enum Format { text, json }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  public boolean json() {
    return format == Format.json;
  }

  /** The record as one line of JSON, in the published schema's naming (snake_case, ISO-8601 times). */
  public static String toJson(Object record) {
    return OutputJson.write(record);
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
