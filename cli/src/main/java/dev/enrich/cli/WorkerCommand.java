package dev.enrich.cli;

import com.mongodb.client.MongoClient;
import dev.enrich.cli.worker.Foreground;
import dev.enrich.cli.worker.InProcessConsumer;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.aws.QueueLocator;
import dev.enrich.client.config.Settings;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "worker", mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Consume the queue in this process with the real Lambda handler, as the Lambda SQS event "
        + "source would: long polling, 1-10 records per invocation, bounded concurrency, partial batch "
        + "responses. Ctrl-C stops polling and finishes the invocations in flight.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich --profile local worker --concurrency 4",
        "  ENRICH_PROVIDER=keepa KEEPA_API_KEY=... enrich --profile staging worker",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"2:invalid settings (no provider, bad option)", "3:queue not found",
        "4:SQS, DynamoDB or MongoDB unreachable",
        "130:stopped by Ctrl-C (SIGINT), after the invocations in flight finished",
        "143:stopped by SIGTERM, after the invocations in flight finished"})
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin WorkerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = EnrichCommand.globalOf(spec).settings();
    WorkerSettings worker = options.settings();
    try (SqsClient sqs = Clients.sqs(settings);
        DynamoDbClient dynamo = Clients.dynamo(settings);
        MongoClient mongo = Clients.mongo(settings)) {
      String queueUrl = QueueLocator.url(sqs, settings.queue());
      LocalWorker consumer = new LocalWorker(sqs, queueUrl, settings.region() == null ? "local" : settings.region(),
          InProcessConsumer.handler(settings, dynamo, mongo, sqs, Clock.systemUTC(), System.err), worker, System.err);
      consumer.start();
      spec.commandLine().getErr().printf("worker: consuming %s with concurrency %d, %d records per invocation"
          + " (Ctrl-C to stop)%n", queueUrl, worker.concurrency(), worker.recordsPerInvocation());
      spec.commandLine().getErr().flush();
      Foreground.runUntilStopped(() -> {
        consumer.close();
        LocalWorker.Stats s = consumer.stats();
        System.err.printf("worker: stopped after %d invocations, %d records, %d failed%n",
            s.invocations(), s.records(), s.failedRecords());
      });
      return ExitCodes.OK;
    }
  }
}
