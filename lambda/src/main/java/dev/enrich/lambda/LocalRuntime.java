package dev.enrich.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.lambda.sqs.SqsEventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the packaged function as the Lambda runtime would: the handler built by its no-argument
 * constructor from the environment, one SQS event from a file, the partial batch response on
 * stdout. It proves the shaded jar is complete (every class the handler needs is inside) without
 * deploying it; the handler's log lines go to stderr.
 *
 * <pre>java -cp enrich-lambda-aws.jar dev.enrich.lambda.LocalRuntime EVENT.json</pre>
 *
 * Exit codes: 0 no record failed, 1 some records failed, 2 unreadable event.
 */
public final class LocalRuntime {
  private LocalRuntime() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: LocalRuntime EVENT.json");
      System.exit(2);
    }
    SQSEvent event;
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      event = SqsEventJson.read(in);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println(args[0] + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err); // the handler logs to stdout, as on Lambda; keep stdout for the response
    SQSBatchResponse response = new EnrichmentHandler().handleRequest(event, null);
    stdout.println(SqsEventJson.write(response));
    System.exit(response.getBatchItemFailures().isEmpty() ? 0 : 1);
  }
}
