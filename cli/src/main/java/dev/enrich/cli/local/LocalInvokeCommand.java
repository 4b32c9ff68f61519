package dev.enrich.cli.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mongodb.client.MongoClient;
import dev.enrich.cli.EnrichCommand;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.worker.InProcessConsumer;
import dev.enrich.cli.worker.LocalLambdaContext;
import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.config.Settings;
import dev.enrich.client.submit.CatalogRegistration;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.ContractException;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.StatusTable;
import dev.enrich.lambda.EnrichmentHandler;
import dev.enrich.lambda.sqs.SqsEventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "invoke", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Run the Lambda handler once on an SQS event file (Lambda's JSON, as in events/) against the "
            + "configured stores, and print its partial batch response on stdout. The handler's JSON log "
            + "lines go to stderr.",
        "A catalog the event names but the status table lacks is registered first, with the event's "
            + "batches and its submitted_at, so fixtures work on an empty stack; --no-register leaves the "
            + "table alone (the records then fail as they would on Lambda)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich --profile local local invoke events/kitchen-two-batches.json",
        "  enrich --profile local local invoke events/unknown-catalog.json --no-register",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every record succeeded", "1:some records failed (listed in batchItemFailures)",
        "2:the event file is unreadable or not an SQS event", "4:a store is unreachable"})
public final class LocalInvokeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "EVENT.json", description = "An SQS event as Lambda delivers it.")
  Path event;

  @Option(names = "--no-register", negatable = false,
      description = "Do not register catalogs missing from the status table.")
  boolean noRegister;

  @Override
  public Integer call() throws IOException {
    SQSEvent sqsEvent = read(event);
    Settings settings = EnrichCommand.globalOf(spec).settings();
    PrintWriter err = spec.commandLine().getErr();
    try (DynamoDbClient dynamo = Clients.dynamo(settings);
        SqsClient sqs = Clients.sqs(settings);
        MongoClient mongo = Clients.mongo(settings)) {
      if (!noRegister) {
        register(sqsEvent, new DynamoSubmitLedger(dynamo, settings.table()), settings, err);
      }
      err.flush();
      EnrichmentHandler handler = InProcessConsumer.handler(settings, dynamo, mongo, sqs, Clock.systemUTC(), System.err);
      SQSBatchResponse response = handler.handleRequest(sqsEvent,
          new LocalLambdaContext(LocalLambdaContext.DEFAULT_TIMEOUT_MILLIS, System.err));
      System.err.flush();
      PrintWriter out = spec.commandLine().getOut();
      out.println(SqsEventJson.write(response));
      out.flush();
      return response.getBatchItemFailures().isEmpty() ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }
  }

  private static SQSEvent read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return SqsEventJson.read(in);
    } catch (NoSuchFileException e) {
      throw EnrichException.invalidInput(file + ": no such file");
    } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
      String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
          ? "not valid JSON (line " + j.getLocation().getLineNr() + ")" : e.getMessage();
      throw EnrichException.invalidInput(file + ": " + reason);
    }
  }

  /** Registers, like submit would, each catalog of the event that the table does not hold. */
  private static void register(SQSEvent event, DynamoSubmitLedger ledger, Settings settings, PrintWriter err) {
    MessageCodec codec = new MessageCodec();
    Map<String, BatchMessage> firstByCatalog = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> batchesByCatalog = new LinkedHashMap<>();
    for (SQSEvent.SQSMessage record : event.getRecords()) {
      BatchMessage message;
      try {
        message = codec.read(record.getBody());
      } catch (ContractException e) {
        continue; // the handler reports it
      }
      firstByCatalog.putIfAbsent(message.catalogId(), message);
      batchesByCatalog.computeIfAbsent(message.catalogId(), k -> new TreeMap<>())
          .put(message.batchId(), message.products().size());
    }
    for (Map.Entry<String, BatchMessage> e : firstByCatalog.entrySet()) {
      BatchMessage first = e.getValue();
      Map<String, Integer> batches = batchesByCatalog.get(e.getKey());
      int products = batches.values().stream().mapToInt(Integer::intValue).sum();
      int largest = batches.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      CatalogRegistration registration = new CatalogRegistration(first.catalogId(),
          first.userId() == null ? settings.userId() : first.userId(), "event fixture", "event-fixture",
          products, 0, batches.size(), largest, StatusTable.shardCountFor(batches.size()), first.options(),
          first.submittedAt());
      if (ledger.register(registration).isPresent()) {
        continue; // already there: the handler works against what the table says
      }
      ledger.addPending(first.catalogId(), batches, first.submittedAt());
      ledger.markSent(first.catalogId(), first.submittedAt());
      err.printf("invoke: registered catalog %s (%d %s, %d products) from the event%n",
          first.catalogId(), batches.size(), batches.size() == 1 ? "batch" : "batches", products);
    }
  }
}
